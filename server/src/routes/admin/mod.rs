//! `/api/v1/admin/*` handlers (routed in `routes::table`): every admin route first
//! requires `menu.admin.view`.

pub mod customers;
pub mod outbox;
pub mod security;
pub mod users;

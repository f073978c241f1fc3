//! Policy rules without I/O: the workflow status shown to users, lifecycle state checks,
//! term dates, and the numbering of quotes, policies and transactions.

pub mod numbering;
pub mod patch;
pub mod proration;
pub mod status;
pub mod term;
pub mod timeline;

//! Generated policy documents: the PDF packet of each transaction, and how it is stored.

pub mod packet;
pub mod pdf;

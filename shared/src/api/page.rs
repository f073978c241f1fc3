//! The list envelope shared by every paged endpoint.

use serde::{Deserialize, Serialize};

/// `{items, page, pageSize, total}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Page<T> {
    pub items: Vec<T>,
    pub page: u32,
    pub page_size: u32,
    pub total: u64,
}

/// `?page=&pageSize=`: page from 1 (default 1), page size 1 to 100 (default 20).
#[derive(Debug, Clone, Copy, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[serde(rename_all = "camelCase")]
pub struct PageQuery {
    pub page: Option<u32>,
    pub page_size: Option<u32>,
}

impl PageQuery {
    pub const DEFAULT_SIZE: u32 = 20;
    pub const MAX_SIZE: u32 = 100;

    /// The page number, at least 1.
    pub fn page(&self) -> u32 {
        self.page.unwrap_or(1).max(1)
    }

    /// The page size, clamped to 1..=100.
    pub fn page_size(&self) -> u32 {
        self.page_size
            .unwrap_or(Self::DEFAULT_SIZE)
            .clamp(1, Self::MAX_SIZE)
    }

    /// Rows to skip for this page.
    pub fn offset(&self) -> u64 {
        u64::from(self.page() - 1) * u64::from(self.page_size())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paging_defaults_and_clamps() {
        let q = PageQuery::default();
        assert_eq!((q.page(), q.page_size(), q.offset()), (1, 20, 0));
        let q = PageQuery {
            page: Some(3),
            page_size: Some(500),
        };
        assert_eq!((q.page(), q.page_size(), q.offset()), (3, 100, 200));
        let q = PageQuery {
            page: Some(0),
            page_size: Some(0),
        };
        assert_eq!((q.page(), q.page_size()), (1, 1));
    }
}

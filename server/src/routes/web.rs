//! The web build (`WEB_ROOT`) served beside the API: files as they are, and `index.html`
//! for every other page path so the single-page app can route it. API paths never fall
//! through to the app: an unknown API route is still the JSON 404.

use std::path::{Path, PathBuf};

use axum::body::Body;
use axum::extract::Request;
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use tower::ServiceExt;
use tower_http::services::{ServeDir, ServeFile};

use super::middleware;

/// Paths that belong to the API, whatever the web build holds.
const API_PREFIXES: &[&str] = &["/api/", "/auth/", "/health", "/openapi.json"];

/// The fallback of the router when a web build is served.
#[derive(Clone)]
pub struct WebApp {
    root: PathBuf,
}

impl WebApp {
    /// Checks that `root` holds a build (an `index.html`).
    pub fn new(root: &Path) -> anyhow::Result<Self> {
        anyhow::ensure!(
            root.join("index.html").is_file(),
            "WEB_ROOT {} holds no index.html: build the UI with `npm run build` in desktop/ui",
            root.display()
        );
        Ok(Self {
            root: root.to_owned(),
        })
    }

    pub async fn serve(self, request: Request) -> Response {
        let path = request.uri().path();
        if API_PREFIXES
            .iter()
            .any(|p| path.starts_with(p) || path == p.trim_end_matches('/'))
        {
            return middleware::not_found().await.into_response();
        }
        if !matches!(*request.method(), Method::GET | Method::HEAD) {
            return middleware::method_not_allowed().await;
        }
        // A path naming a file (`/assets/app-1a2b.js`) is that file or a 404; any other
        // path is a page of the app.
        let names_a_file = path
            .rsplit('/')
            .next()
            .is_some_and(|last| last.contains('.'));
        let is_asset = path.starts_with("/assets/");
        let index = self.root.join("index.html");
        let response = if names_a_file {
            ServeDir::new(&self.root).oneshot(request).await
        } else {
            ServeFile::new(&index).oneshot(request).await
        };
        let mut response = match response {
            Ok(response) => response.map(Body::new),
            Err(never) => match never {},
        };
        let cache = if is_asset && response.status() == StatusCode::OK {
            // Vite names assets by content hash: they never change under one name.
            "public, max-age=31536000, immutable"
        } else {
            "no-cache"
        };
        response
            .headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
        response
    }
}

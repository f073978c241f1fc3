//! The API server's address: HTTPS, except on this machine (localhost) where plain HTTP
//! is allowed for development and tests.

use url::Url;

/// Checks and normalises a server address typed by the user.
pub fn parse(text: &str) -> Result<Url, String> {
    let text = text.trim();
    let url = Url::parse(text).map_err(|_| format!("{text} is not a web address"))?;
    let host = url.host_str().unwrap_or_default();
    let local = matches!(host, "localhost" | "127.0.0.1" | "[::1]" | "::1");
    match url.scheme() {
        "https" => {}
        "http" if local => {}
        "http" => return Err("The server must use https:// (http:// only for localhost)".into()),
        other => return Err(format!("{other}:// is not supported: use https://")),
    }
    if url.query().is_some() || url.fragment().is_some() || !url.username().is_empty() {
        return Err("Give the server's address only, without credentials or a query".into());
    }
    let mut url = url;
    let path = url.path().trim_end_matches('/').to_owned();
    url.set_path(&path);
    Ok(url)
}

/// `base` joined with an API path (`/api/v1/...`), keeping any base path.
pub fn join(base: &Url, path: &str) -> Result<Url, String> {
    if !path.starts_with('/') || path.starts_with("//") {
        return Err(format!("{path} is not an API path"));
    }
    let full = format!("{}{path}", base.as_str().trim_end_matches('/'));
    Url::parse(&full).map_err(|_| format!("{path} is not an API path"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn https_anywhere_http_only_locally() {
        assert_eq!(
            parse("https://pas.example.com/")
                .map(String::from)
                .as_deref(),
            Ok("https://pas.example.com/")
        );
        assert!(parse("http://localhost:3000").is_ok());
        assert!(parse("http://127.0.0.1:3000").is_ok());
        assert!(parse("http://pas.example.com").is_err());
        assert!(parse("ftp://pas.example.com").is_err());
        assert!(parse("pas.example.com").is_err());
        assert!(parse("https://user:pw@pas.example.com").is_err());
    }

    #[test]
    fn api_paths_join_under_the_base() {
        let base = parse("https://pas.example.com/lattice/").expect("valid");
        assert_eq!(
            join(&base, "/api/v1/me").map(String::from).as_deref(),
            Ok("https://pas.example.com/lattice/api/v1/me")
        );
        assert!(join(&base, "//evil.example.com/x").is_err());
        assert!(join(&base, "api/v1/me").is_err());
    }
}

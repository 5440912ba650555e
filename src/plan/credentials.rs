//! Credentials written inside a value whose key is not secret-like: the password of a
//! URL's user (`db://app:PASSWORD@db:3306/orders`), a query parameter with a secret-like
//! name (`https://…/send?access_token=VALUE`) or one the rulebook names
//! (`plans.url-credentials.query`: `…/send?key=VALUE`), and the path segment
//! after a part the rulebook names (`plans.url-credentials.path-after`:
//! `…/bot/v2/hook/VALUE`).

use crate::rulebook::Rulebook;

use super::lookup::is_reference;

/// The credentials in `value`, as written.
pub(super) fn in_value<'v>(rb: &Rulebook, value: &'v str) -> Vec<&'v str> {
    let mut found = Vec::new();
    let Some((_, rest)) = value.split_once("://") else {
        return found;
    };
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let authority = &rest[..end];
    let path = &rest[end..];
    let path = &path[..path.find(['?', '#']).unwrap_or(path.len())];
    // `user:password@host`: the password, unless it is a reference.
    if let Some((userinfo, _)) = authority.rsplit_once('@') {
        if let Some((_, password)) = userinfo.split_once(':') {
            if !password.is_empty() && !is_reference(password) {
                found.push(password);
            }
        }
    }
    for part in &rb.url_credential_paths {
        for (at, _) in path.match_indices(part.as_str()) {
            let segment = &path[at + part.len()..];
            let segment = &segment[..segment.find('/').unwrap_or(segment.len())];
            if !segment.is_empty() && !is_reference(segment) {
                found.push(segment);
            }
        }
    }
    if let Some((_, query)) = rest.split_once('?') {
        let query = query.split('#').next().unwrap_or_default();
        for pair in query.split('&') {
            if let Some((name, credential)) = pair.split_once('=') {
                let named = rb.is_secret_key(name)
                    || rb
                        .url_credential_params
                        .iter()
                        .any(|p| p.eq_ignore_ascii_case(name));
                if named && !credential.is_empty() && !is_reference(credential) {
                    found.push(credential);
                }
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_and_secret_parameters_in_urls_are_found() {
        let rb = crate::embedded::rulebook();
        let found = |value| in_value(&rb, value);
        assert_eq!(found("db://app:hunter2@db:3306/orders"), ["hunter2"]);
        assert_eq!(found("https://h/send?access_token=abc123&x=1"), ["abc123"]);
        assert_eq!(found("https://u:p%40ss@h/p?token=t#frag"), ["p%40ss", "t"]);
        // Not credentials: no password, a reference, a harmless parameter, no URL.
        assert!(found("https://app@h/p").is_empty());
        assert!(found("db://app:${DB_PASSWORD}@db/orders").is_empty());
        assert!(found("https://h/p?page=2&token=").is_empty());
        assert!(found("user:pass@host").is_empty());
    }
}

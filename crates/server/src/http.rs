//! How Mizan is reached: its public URL and the reverse proxies whose `X-Forwarded-*` headers
//! are believed (no one else's), for origin checks, Secure cookies and client addresses.

use std::net::{IpAddr, SocketAddr};

use axum::extract::ConnectInfo;
use axum::http::HeaderMap;
use axum::http::request::Parts;

/// The server's view of how it is reached.
#[derive(Debug, Clone, Default)]
pub struct HttpConfig {
    /// `https://shop.example` as people type it; `None`: the `Host` the request names.
    pub public_url: Option<String>,
    /// Proxies (addresses or CIDR blocks) whose forwarding headers are believed.
    pub trusted_proxies: Vec<(IpAddr, u8)>,
    /// Connection limits and timeouts.
    pub limits: crate::listen::Limits,
}

/// Parses `10.0.0.0/8`, `127.0.0.1` or `::1` into a network and prefix length.
///
/// # Errors
/// A message naming the bad entry.
pub fn parse_proxy(raw: &str) -> Result<(IpAddr, u8), String> {
    let (addr, len) = raw.trim().split_once('/').unwrap_or((raw.trim(), ""));
    let ip: IpAddr = addr
        .parse()
        .map_err(|_| format!("trusted proxy {raw:?}: not an IP address"))?;
    let max = if ip.is_ipv4() { 32 } else { 128 };
    let len = if len.is_empty() {
        max
    } else {
        len.parse::<u8>()
            .ok()
            .filter(|l| *l <= max)
            .ok_or_else(|| format!("trusted proxy {raw:?}: bad prefix length"))?
    };
    Ok((ip, len))
}

fn in_block(ip: IpAddr, (net, len): (IpAddr, u8)) -> bool {
    let bits = |ip: IpAddr| match ip {
        IpAddr::V4(v) => (u128::from(u32::from(v)) << 96, true),
        IpAddr::V6(v) => (u128::from(v), false),
    };
    let ip = match ip {
        IpAddr::V6(v) => v.to_ipv4_mapped().map_or(ip, IpAddr::V4),
        v4 => v4,
    };
    // IPv4 addresses sit in the top 32 of the 128 bits, so a prefix counts from the top alike.
    let ((a, a4), (b, b4)) = (bits(ip), bits(net));
    let shift = 128 - u32::from(len).min(128);
    a4 == b4 && (shift == 128 || (a >> shift) == (b >> shift))
}

fn origin_of(url: &str) -> &str {
    let rest = url.find("://").map_or(0, |i| i + 3);
    url[rest..].find('/').map_or(url, |i| &url[..rest + i])
}

impl HttpConfig {
    /// Whether cookies must be `Secure` (Mizan is reached over https).
    pub fn secure_cookies(&self) -> bool {
        self.public_url
            .as_deref()
            .is_some_and(|u| u.starts_with("https://"))
    }

    fn trusted(&self, ip: IpAddr) -> bool {
        self.trusted_proxies.iter().any(|b| in_block(ip, *b))
    }

    fn peer(parts: &Parts) -> Option<IpAddr> {
        parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|c| c.0.ip())
    }

    /// The client's address: the peer, or when the peer is a trusted proxy the nearest
    /// address in `X-Forwarded-For` that is not one.
    pub fn client(&self, parts: &Parts) -> Option<IpAddr> {
        let peer = Self::peer(parts)?;
        if !self.trusted(peer) {
            return Some(peer);
        }
        let forwarded = parts
            .headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .filter_map(|a| a.trim().parse::<IpAddr>().ok())
            .collect::<Vec<_>>();
        Some(
            forwarded
                .into_iter()
                .rev()
                .find(|ip| !self.trusted(*ip))
                .unwrap_or(peer),
        )
    }

    /// Whether `origin` (a browser's `Origin` header) is Mizan's own: the public URL's, or
    /// else the request's own host (as a trusted proxy forwarded it).
    pub fn is_own_origin(&self, origin: &str, parts: &Parts) -> bool {
        if let Some(public) = &self.public_url {
            return origin.eq_ignore_ascii_case(origin_of(public));
        }
        let from_proxy = Self::peer(parts).is_some_and(|p| self.trusted(p));
        let header = |h: &HeaderMap, n: &str| {
            h.get(n)
                .and_then(|v| v.to_str().ok())
                .map(|v| v.split(',').next().unwrap_or(v).trim().to_owned())
        };
        let host = from_proxy
            .then(|| header(&parts.headers, "x-forwarded-host"))
            .flatten()
            .or_else(|| header(&parts.headers, "host"));
        let origin_host = origin.find("://").map_or(origin, |i| &origin[i + 3..]);
        host.is_some_and(|h| origin_host.eq_ignore_ascii_case(&h))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn proxies_are_matched_by_block() {
        let block = parse_proxy("10.1.0.0/16").unwrap_or((IpAddr::from([0, 0, 0, 0]), 0));
        let ip = |s: &str| s.parse::<IpAddr>().unwrap_or(IpAddr::from([0, 0, 0, 0]));
        assert!(in_block(ip("10.1.200.3"), block));
        assert!(!in_block(ip("10.2.0.1"), block));
        assert!(in_block(ip("::ffff:10.1.0.9"), block));
        let one = parse_proxy("::1").unwrap_or(block);
        assert!(in_block(ip("::1"), one) && !in_block(ip("::2"), one));
        assert!(parse_proxy("10.0.0.0/33").is_err() && parse_proxy("shop").is_err());
        assert_eq!(
            origin_of("https://shop.example/pos"),
            "https://shop.example"
        );
        assert_eq!(origin_of("http://127.0.0.1:8080"), "http://127.0.0.1:8080");
    }
}

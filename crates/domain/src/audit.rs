//! The audit trail's seal: each sealed row's hash covers its content and the hash of the row
//! before it, so a row that is changed, removed or inserted afterwards breaks the chain at a
//! place that can be named.

use sha2::{Digest, Sha256};

/// What a sealed audit row says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditRow {
    /// Position in the tenant's chain, from 1.
    pub seq: i64,
    pub at_ms: i64,
    pub user_id: Option<i64>,
    pub username: String,
    pub action: String,
    pub resource_kind: String,
    pub resource_id: i64,
    /// The device the author worked at, and its branch.
    pub device_id: Option<i64>,
    pub branch_id: Option<i64>,
    /// What else the row says (an approver, the permission a refusal named).
    pub detail: String,
}

/// The hash of the first row's predecessor.
pub const GENESIS: &str = "";

/// The hash sealing `row` after a row whose hash is `prev`.
#[must_use]
pub fn seal(prev: &str, row: &AuditRow) -> String {
    let mut h = Sha256::new();
    let user = row.user_id.map(|u| u.to_string()).unwrap_or_default();
    for field in [
        prev,
        &row.seq.to_string(),
        &row.at_ms.to_string(),
        &user,
        &row.username,
        &row.action,
        &row.resource_kind,
        &row.resource_id.to_string(),
    ] {
        // Length-prefixed, so no two different rows hash the same text.
        h.update((field.len() as u64).to_le_bytes());
        h.update(field.as_bytes());
    }
    // Fields added later are sealed only when set, so rows sealed before them still verify.
    let text = |v: Option<i64>| v.map(|v| v.to_string()).unwrap_or_default();
    if row.device_id.is_some() || row.branch_id.is_some() || !row.detail.is_empty() {
        for field in [&text(row.device_id), &text(row.branch_id), &row.detail] {
            h.update((field.len() as u64).to_le_bytes());
            h.update(field.as_bytes());
        }
    }
    hex::encode(h.finalize())
}

/// Where a chain is broken.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChainBreak {
    /// The row's content or hash no longer matches its seal.
    Changed { seq: i64 },
    /// Rows are missing before this one (the chain jumps from `expected - 1`).
    Removed { expected: i64, found: i64 },
    /// A row that was not sealed in this place (its seal does not follow the row before).
    Inserted { seq: i64 },
}

/// Checks a tenant's sealed rows, in `seq` order, each with the previous hash it recorded and
/// its own hash. Returns every break found.
#[must_use]
pub fn verify<'a>(
    rows: impl IntoIterator<Item = (&'a AuditRow, &'a str, &'a str)>,
) -> Vec<ChainBreak> {
    let mut breaks = Vec::new();
    let (mut next, mut prev) = (1_i64, GENESIS.to_owned());
    for (row, recorded_prev, hash) in rows {
        if row.seq != next {
            if row.seq > next {
                breaks.push(ChainBreak::Removed {
                    expected: next,
                    found: row.seq,
                });
            } else {
                breaks.push(ChainBreak::Inserted { seq: row.seq });
            }
        } else if recorded_prev != prev {
            breaks.push(ChainBreak::Inserted { seq: row.seq });
        }
        if seal(recorded_prev, row) != hash {
            breaks.push(ChainBreak::Changed { seq: row.seq });
        }
        next = row.seq.max(next - 1) + 1;
        prev = hash.to_owned();
    }
    breaks
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chain(n: i64) -> Vec<(AuditRow, String, String)> {
        let mut prev = GENESIS.to_owned();
        (1..=n)
            .map(|seq| {
                let row = AuditRow {
                    seq,
                    at_ms: 1_000 + seq,
                    user_id: Some(7),
                    username: "sara".into(),
                    action: "create_sale".into(),
                    resource_kind: "sale".into(),
                    resource_id: 100 + seq,
                    device_id: (seq % 2 == 0).then_some(3),
                    branch_id: (seq % 2 == 0).then_some(1),
                    detail: String::new(),
                };
                let hash = seal(&prev, &row);
                let out = (row, prev.clone(), hash.clone());
                prev = hash;
                out
            })
            .collect()
    }

    fn check(rows: &[(AuditRow, String, String)]) -> Vec<ChainBreak> {
        verify(rows.iter().map(|(r, p, h)| (r, p.as_str(), h.as_str())))
    }

    #[test]
    fn an_intact_chain_verifies_and_each_kind_of_tampering_is_named() {
        let rows = chain(5);
        assert!(check(&rows).is_empty());

        let mut changed = rows.clone();
        changed[2].0.resource_id = 999;
        assert_eq!(check(&changed), [ChainBreak::Changed { seq: 3 }]);

        let mut removed = rows.clone();
        removed.remove(1);
        assert_eq!(
            check(&removed),
            [ChainBreak::Removed {
                expected: 2,
                found: 3
            }]
        );

        // A row slipped in with a seal of its own: the next row no longer follows it.
        let mut inserted = rows.clone();
        let mut fake = rows[1].0.clone();
        fake.seq = 3;
        fake.action = "delete_everything".into();
        let fake_hash = seal(&rows[1].2, &fake);
        inserted.insert(2, (fake, rows[1].2.clone(), fake_hash));
        let found = check(&inserted);
        assert!(
            found.contains(&ChainBreak::Inserted { seq: 3 }),
            "{found:?}"
        );
    }
}

//! The placeholders of a transcript and how a text gets them: which texts stand for an id, a
//! generated value or a fixed part of the run, found in one left-to-right pass.
//!
//! A generated value is labelled by its role (`[bob.familyName]`: the variable that produced
//! it), not by its text: two roles can share a text (two people with one family name), and a
//! label looked up by text alone would name whichever role sorts first in this run and
//! another in the next. So a shared text takes the label of the role its surroundings name
//! (see [`Labels::evidence`]), and only when nothing does, that of the first role by name.

use super::text::is_token;
use std::collections::{BTreeSet, HashMap};

/// A role: one generated person, group or value (`alice`, `crowd.3`), numbered in the order
/// of the scenario's generated values (their names sorted, a list's items in order).
pub(super) type Role = usize;

/// The roles a text or JSON value names.
pub(super) type Roles = BTreeSet<Role>;

/// What a needle stands for.
enum Stands {
    /// A fixed placeholder: `[base]`, `[prefix]`.
    Fixed(String),
    /// A server-assigned id: its label, whether it is short (see [`is_token`]), and the role
    /// whose create request it answered, when that request named exactly one.
    Id {
        label: String,
        short: bool,
        role: Option<Role>,
    },
    /// A generated value: every (role, rank, label) that renders to this text, by role, then
    /// rank (a lower rank wins within one role).
    Generated(Vec<(Role, usize, String)>),
}

impl Stands {
    fn order(&self) -> u8 {
        match self {
            Stands::Fixed(_) | Stands::Id { .. } => 0,
            Stands::Generated(_) => 1,
        }
    }
}

/// The texts a scenario's transcript replaces, longest first.
#[derive(Default)]
pub(super) struct Labels {
    needles: Vec<(String, Stands)>,
    /// Needle indices by their first byte, longest first.
    by_first: HashMap<u8, Vec<usize>>,
}

impl Labels {
    /// A text always replaced by `label`.
    pub(super) fn fixed(&mut self, text: String, label: String) {
        self.needles.push((text, Stands::Fixed(label)));
    }

    /// A server-assigned id, replaced where it stands alone as a token.
    pub(super) fn id(&mut self, text: String, label: String, short: bool, role: Option<Role>) {
        self.needles.push((text, Stands::Id { label, short, role }));
    }

    /// A text `role` produced, labelled `label` when that role is meant.
    pub(super) fn generated(&mut self, text: String, role: Role, rank: usize, label: String) {
        self.needles
            .push((text, Stands::Generated(vec![(role, rank, label)])));
    }

    /// Sorts the needles (longest first) and merges those of one text: an id or fixed text
    /// wins over a generated value; the roles that share a generated text are all kept.
    pub(super) fn index(&mut self) {
        self.needles.retain(|(n, _)| !n.is_empty());
        self.needles.sort_by(|a, b| {
            b.0.len()
                .cmp(&a.0.len())
                .then_with(|| a.0.cmp(&b.0))
                .then_with(|| a.1.order().cmp(&b.1.order()))
        });
        let mut merged: Vec<(String, Stands)> = Vec::with_capacity(self.needles.len());
        for (text, what) in self.needles.drain(..) {
            match (merged.last_mut(), what) {
                (Some((t, Stands::Generated(have))), Stands::Generated(more)) if *t == text => {
                    have.extend(more);
                    have.sort_by_key(|(role, rank, _)| (*role, *rank));
                }
                (Some((t, _)), _) if *t == text => {}
                (_, what) => merged.push((text, what)),
            }
        }
        self.needles = merged;
        self.by_first.clear();
        for (k, (n, _)) in self.needles.iter().enumerate() {
            self.by_first.entry(n.as_bytes()[0]).or_default().push(k);
        }
    }

    /// The needles in `s`, left to right, the longest first at each position: (start, end,
    /// needle). An id matches only as a token; a generated text of letters only (a name such
    /// as `Ann`) only as a whole word, not inside `Annabel` or `givenName`.
    fn find(&self, s: &str) -> Vec<(usize, usize, usize)> {
        let bytes = s.as_bytes();
        let letter = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphabetic());
        let mut found = Vec::new();
        let mut i = 0;
        'scan: while i < s.len() {
            for &k in self.by_first.get(&bytes[i]).into_iter().flatten() {
                let (n, what) = &self.needles[k];
                if !s[i..].starts_with(n.as_str()) {
                    continue;
                }
                let end = i + n.len();
                let stands_alone = match what {
                    Stands::Id { short, .. } => is_token(s, i, end, *short),
                    Stands::Generated(_) if n.bytes().all(|b| b.is_ascii_alphabetic()) => {
                        !letter(s[..i].chars().next_back()) && !letter(s[end..].chars().next())
                    }
                    _ => true,
                };
                if stands_alone {
                    found.push((i, end, k));
                    i = end;
                    continue 'scan;
                }
            }
            i += s[i..].chars().next().map_or(1, char::len_utf8);
        }
        found
    }

    /// Adds the roles `s` names to `roles`: a generated text only one role produced (bob's
    /// userName), or the id of a resource one role's values created.
    pub(super) fn evidence(&self, s: &str, roles: &mut Roles) {
        for (_, _, k) in self.find(s) {
            match &self.needles[k].1 {
                Stands::Id {
                    role: Some(role), ..
                } => {
                    roles.insert(*role);
                }
                Stands::Generated(c) if c.iter().all(|(r, ..)| *r == c[0].0) => {
                    roles.insert(c[0].0);
                }
                _ => {}
            }
        }
    }

    /// `s` with every needle replaced; a generated text several roles share takes the label
    /// of the first of them `context` names, else of the first of them.
    pub(super) fn replace(&self, s: &str, context: &Roles) -> String {
        let mut out = String::with_capacity(s.len());
        let mut at = 0;
        for (start, end, k) in self.find(s) {
            out.push_str(&s[at..start]);
            out.push_str(match &self.needles[k].1 {
                Stands::Fixed(label) | Stands::Id { label, .. } => label,
                Stands::Generated(c) => {
                    let chosen = c
                        .iter()
                        .find(|(r, ..)| context.contains(r))
                        .unwrap_or(&c[0]);
                    &chosen.2
                }
            });
            at = end;
        }
        out.push_str(&s[at..]);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels() -> Labels {
        let mut l = Labels::default();
        l.generated("Smith".into(), 0, 1, "[alice.familyName]".into());
        l.generated("Smith".into(), 1, 1, "[bob.familyName]".into());
        l.generated("alice@x".into(), 0, 0, "[alice.userName]".into());
        l.generated("bob@x".into(), 1, 0, "[bob.userName]".into());
        l.id("13".into(), "[user-2]".into(), true, Some(1));
        l.fixed("http://h".into(), "[base]".into());
        l.index();
        l
    }

    #[test]
    fn a_text_two_roles_share_takes_the_label_of_the_role_its_context_names() {
        let l = labels();
        let mut roles = Roles::new();
        l.evidence("bob@x Smith", &mut roles);
        assert_eq!(roles, Roles::from([1]), "Smith names no one role");
        assert_eq!(
            l.replace("bob@x Smith", &roles),
            "[bob.userName] [bob.familyName]"
        );
        let mut by_id = Roles::new();
        l.evidence("http://h/Users/13", &mut by_id);
        assert_eq!(
            by_id,
            Roles::from([1]),
            "user 13 was created with bob's values"
        );
        assert_eq!(l.replace("Smith", &Roles::new()), "[alice.familyName]");
        assert_eq!(l.replace("Smithson", &Roles::new()), "Smithson");
    }
}

//! What a policy asks of the programs it covers, one level at a time (the file,
//! an override, the flags); the loading layer reads them from `partake.yaml`.

use super::Severity;
use crate::spec::Field;

/// A setting's value and where it was set (`partake.yaml:3`, `--deny`), so a
/// message can say which line to change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Set<T> {
    pub value: T,
    pub from: String,
}

/// Settings a policy level sets; `None` leaves the level below in force.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Settings {
    pub min_mutual_benefit: Option<Set<u8>>,
    pub allow: Option<Set<Vec<String>>>,
    pub deny: Option<Set<Vec<String>>>,
    /// `None` inside means `off`.
    pub unrecognized: Option<Set<Option<Severity>>>,
    pub required: Option<Set<Vec<Field>>>,
    pub max_mutual_benefit_drop: Option<Set<u8>>,
    /// Rules whose findings are suppressed (counted, not reported).
    pub ignore: Option<Set<Vec<String>>>,
}

impl Settings {
    /// Lay `over` on top of these settings.
    pub fn apply(&mut self, over: &Settings) {
        fn take<T: Clone>(into: &mut Option<T>, from: &Option<T>) {
            if from.is_some() {
                into.clone_from(from);
            }
        }
        take(&mut self.min_mutual_benefit, &over.min_mutual_benefit);
        take(&mut self.allow, &over.allow);
        take(&mut self.deny, &over.deny);
        take(&mut self.unrecognized, &over.unrecognized);
        take(&mut self.required, &over.required);
        take(&mut self.max_mutual_benefit_drop, &over.max_mutual_benefit_drop);
        take(&mut self.ignore, &over.ignore);
    }

    /// How unrecognised text is reported: a warning unless the policy says otherwise.
    pub fn unrecognized_severity(&self) -> Option<Severity> {
        self.unrecognized.as_ref().map_or(Some(Severity::Warning), |s| s.value)
    }

    /// How many points the mutual benefit may fall from the baseline: none unless set.
    pub fn max_drop(&self) -> Set<u8> {
        self.max_mutual_benefit_drop.clone().unwrap_or(Set { value: 0, from: "the default".into() })
    }
}

"""The catalogue as versioned data: a procedure as one bundle (mức-1 items, rule set, form definition),
its checks, drafts that a second administrator approves, publication at an effective moment, and the
plain-words difference between two versions. Used by the seed, the admin pages and the import."""

//! `scimgate serve`: runs the embedded reference server (owned by the reference-server work).

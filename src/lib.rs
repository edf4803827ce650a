//! The kartu service: key ring on disk, translations, and the command-line interface around the
//! card library (`kartu-card`). See ARCHITECTURE.md for the map.

pub mod cli;
pub mod commands;
pub mod i18n;
pub mod keyring;
pub mod qr_image;
pub mod verdict;

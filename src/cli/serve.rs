//! Placeholder for `scimgate serve` (replaced by the ref-server branch on merge).
#![allow(missing_docs)]
#[derive(clap::Args, Debug)]
pub struct ServeArgs {}
pub async fn run(_args: ServeArgs) -> anyhow::Result<()> {
    anyhow::bail!("not built yet")
}

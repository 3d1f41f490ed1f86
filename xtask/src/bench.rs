use anyhow::Result;
pub fn bench() -> Result<()> { todo!() }

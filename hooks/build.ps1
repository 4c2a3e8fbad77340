# The ASK CLI's custom build flow on Windows: `ask deploy` runs this from a copy of lambda/ as
#   hooks/build.ps1 <zip to write> <debug: $True|$False>
# It builds the skill from this repository (installing its dependencies first on a fresh clone) and writes the zip
# Lambda runs: the same as `npm run package`.
param(
  [Parameter(Mandatory = $true)][string]$OutFile,
  [bool]$DoDebug = $false
)
$ErrorActionPreference = 'Stop'

# An absolute path, before leaving the directory the CLI ran us in.
$out = [System.IO.Path]::GetFullPath($OutFile, (Get-Location).Path)
$root = Split-Path -Parent $PSScriptRoot

Push-Location $root
try {
  if (-not (Test-Path 'node_modules')) {
    if ($DoDebug) { Write-Host '[Debug] npm ci' }
    npm ci --no-audit --no-fund
    if ($LASTEXITCODE -ne 0) { throw 'npm ci failed' }
  }
  npm run --silent package -- --out $out
  if ($LASTEXITCODE -ne 0) { throw 'npm run package failed' }
} finally {
  Pop-Location
}

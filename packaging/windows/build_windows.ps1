<#
.SYNOPSIS
  Build the Windows installer of registry-app (IR Thrombectomy Registry).

.DESCRIPTION
  Run from any folder, in Windows PowerShell 5.1 or PowerShell 7:

      powershell -ExecutionPolicy Bypass -File packaging\windows\build_windows.ps1

  Needs: 64-bit Python 3.11 or newer from python.org (the "py" launcher), and Inno Setup 6
  (ISCC.exe on PATH or in its default folder). Steps:
    1. create .venv (if missing) and install the project with the "package" extra
       (PyInstaller, pinned in pyproject.toml) and the "postgres" extra;
    2. run PyInstaller on packaging\registry_app.spec -> dist\registry-app\ with
       registry-app.exe (windowed, for the Start menu) and registry-app-cli.exe (console);
    3. smoke-test the bundle: registry-app-cli.exe --self-test on a temporary registry,
       offscreen (the same check CI runs on Linux);
    4. compile packaging\windows\registry_app.iss with the application's own version ->
       dist\registry-app-<version>-windows-x64-setup.exe.
#>
param(
    [string]$PythonLauncher = "py",
    [switch]$SkipSelfTest
)

$ErrorActionPreference = "Stop"
$Root = (Resolve-Path (Join-Path $PSScriptRoot "..\..")).Path
Set-Location $Root

function Invoke-Checked([string]$What, [scriptblock]$Command) {
    & $Command
    if ($LASTEXITCODE -ne 0) { throw "$What failed (exit code $LASTEXITCODE)" }
}

# 1. The build environment
$Python = Join-Path $Root ".venv\Scripts\python.exe"
if (-not (Test-Path $Python)) {
    Invoke-Checked "Creating .venv" { & $PythonLauncher -3 -m venv .venv }
}
Invoke-Checked "Upgrading pip" { & $Python -m pip install --quiet --upgrade pip }
Invoke-Checked "Installing the project" { & $Python -m pip install --quiet -e ".[package,postgres]" }

# 2. The one-folder bundle
Invoke-Checked "PyInstaller" {
    & $Python -m PyInstaller --noconfirm --distpath dist --workpath build\pyinstaller packaging\registry_app.spec
}
$Cli = Join-Path $Root "dist\registry-app\registry-app-cli.exe"

# 3. Smoke test on a throw-away registry (never the user's own)
if (-not $SkipSelfTest) {
    $Temp = Join-Path ([System.IO.Path]::GetTempPath()) ("registry-selftest-" + [guid]::NewGuid())
    New-Item -ItemType Directory -Path $Temp | Out-Null
    $env:QT_QPA_PLATFORM = "offscreen"
    $env:REGISTRY_HOME = $Temp
    try {
        Invoke-Checked "The bundle's self-test" { & $Cli --db (Join-Path $Temp "selftest.sqlite3") --self-test }
    } finally {
        Remove-Item Env:QT_QPA_PLATFORM, Env:REGISTRY_HOME
        Remove-Item -Recurse -Force $Temp
    }
}

# 4. The installer, with the version the application reports ("registry-app 0.1.0")
$Version = ((& $Cli --version) -split " ")[-1].Trim()
if ($Version -notmatch '^\d+(\.\d+){0,3}$') { throw "Unexpected version '$Version' (Inno Setup needs digits and dots)" }
$Iscc = Get-Command ISCC.exe -ErrorAction SilentlyContinue
$IsccPath = if ($Iscc) { $Iscc.Source } else { Join-Path ${env:ProgramFiles(x86)} "Inno Setup 6\ISCC.exe" }
if (-not (Test-Path $IsccPath)) { throw "Inno Setup 6 (ISCC.exe) was not found; install it from https://jrsoftware.org/isdl.php" }
Invoke-Checked "Inno Setup" { & $IsccPath "/DAppVersion=$Version" "packaging\windows\registry_app.iss" }

$Setup = Join-Path $Root "dist\registry-app-$Version-windows-x64-setup.exe"
$Size = [math]::Round((Get-Item $Setup).Length / 1MB)
Write-Host "build_windows: $Setup ($Size MiB)"

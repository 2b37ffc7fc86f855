<#
.SYNOPSIS
    Build the Windows package: the onedir bundle, its smoke test, the per-user installer.

.DESCRIPTION
    Run from anywhere in the repository, in Windows PowerShell 5.1 or PowerShell 7:

        powershell -ExecutionPolicy Bypass -File packaging\windows\build.ps1

    1. creates .venv (if missing) with Python 3.11+ and installs the project with its
       gui, export and package extras;
    2. runs PyInstaller on packaging\proofreader.spec -> dist\GazetteProofreader\;
    3. with -Sign, signs proofreader.exe and proofreader-gui.exe (signtool);
    4. prints the bundle's size (fails above -LimitMB) and runs packaging\smoke_test.py on
       the BUILT program (never the source tree);
    5. builds dist\GazetteProofreader-<version>-setup.exe with Inno Setup's iscc, if it
       is installed (or says it skipped it), signed too with -Sign;
    6. prints the sizes.

.PARAMETER Python
    The Python launcher command used to create the venv (default: "py -3.11").

.PARAMETER Sign
    Sign the executables and the installer. Give -CertFile (a .pfx, with the password in
    the environment variable SIGN_PFX_PASSWORD) or -CertThumbprint (a certificate in the
    user's store, e.g. on a hardware token).

.PARAMETER TimestampUrl
    RFC 3161 timestamp server (default: http://timestamp.digicert.com). Needs the network
    at build time only; the signed program never goes online.
#>
[CmdletBinding()]
param(
    [string]$Python = "py -3.11",
    [double]$LimitMB = 150,
    [switch]$SkipInstaller,
    [switch]$SkipSmokeTest,
    [switch]$Sign,
    [string]$CertFile = "",
    [string]$CertThumbprint = "",
    [string]$TimestampUrl = "http://timestamp.digicert.com"
)

$ErrorActionPreference = "Stop"
$Root = (Resolve-Path (Join-Path $PSScriptRoot "..\..")).Path
Set-Location $Root
$Bundle = Join-Path $Root "dist\GazetteProofreader"
$Py = Join-Path $Root ".venv\Scripts\python.exe"

function Invoke-Checked {
    # Run a native command; stop the build when it fails (PowerShell does not by itself).
    param([string]$What, [scriptblock]$Command)
    Write-Host "==> $What" -ForegroundColor Cyan
    & $Command
    if ($LASTEXITCODE -ne 0) { throw "$What failed (exit code $LASTEXITCODE)" }
}

function Find-Tool {
    # The first of the candidate paths that exists, else the command on PATH, else $null.
    param([string]$Name, [string[]]$Candidates)
    foreach ($c in $Candidates) { if ($c -and (Test-Path $c)) { return (Resolve-Path $c).Path } }
    $cmd = Get-Command $Name -ErrorAction SilentlyContinue
    if ($cmd) { return $cmd.Source }
    return $null
}

function Get-SignArguments {
    # signtool arguments for the chosen certificate: SHA-256 file digest, RFC 3161 timestamp.
    $common = @("sign", "/fd", "SHA256", "/tr", $TimestampUrl, "/td", "SHA256")
    if ($CertThumbprint) { return $common + @("/sha1", $CertThumbprint) }
    if ($CertFile) {
        if (-not $env:SIGN_PFX_PASSWORD) { throw "set SIGN_PFX_PASSWORD to the password of $CertFile" }
        return $common + @("/f", (Resolve-Path $CertFile).Path, "/p", $env:SIGN_PFX_PASSWORD)
    }
    throw "-Sign needs -CertFile or -CertThumbprint"
}

# 1. the build environment
if (-not (Test-Path $Py)) {
    $launcher = @($Python.Split(" ", [System.StringSplitOptions]::RemoveEmptyEntries))
    $launcherArgs = @($launcher | Select-Object -Skip 1)
    Invoke-Checked "create .venv with $Python" { & $launcher[0] @launcherArgs -m venv .venv }
}
Invoke-Checked "upgrade pip" { & $Py -m pip install --quiet --upgrade pip }
Invoke-Checked "install the project (gui, export, package)" { & $Py -m pip install --quiet -e ".[gui,export,package]" }
$Version = (& $Py -c "import proofreader; print(proofreader.__version__)").Trim()
if ($LASTEXITCODE -ne 0 -or -not $Version) { throw "cannot read proofreader.__version__" }
# Windows file versions are four numbers: "1.2.0rc1" -> 1.2.0.0
$Numbers = @([regex]::Matches($Version, "\d+") | Select-Object -First 4 | ForEach-Object { $_.Value })
while ($Numbers.Count -lt 4) { $Numbers += "0" }
$VersionNumeric = $Numbers -join "."
Write-Host "version $Version ($VersionNumeric)"

# 2. the bundle
$buildStart = Get-Date
Invoke-Checked "PyInstaller" { & $Py -m PyInstaller --noconfirm --clean packaging\proofreader.spec }
$buildSeconds = [math]::Round(((Get-Date) - $buildStart).TotalSeconds)

# 3. signing the executables (before the smoke test, so the tested files are the shipped ones)
$SignTool = $null
if ($Sign) {
    $kits = Get-ChildItem "${env:ProgramFiles(x86)}\Windows Kits\10\bin\*\x64\signtool.exe" -ErrorAction SilentlyContinue |
        Sort-Object FullName -Descending | Select-Object -First 1
    $SignTool = Find-Tool "signtool.exe" @($(if ($kits) { $kits.FullName }))
    if (-not $SignTool) { throw "signtool.exe not found: install the Windows SDK signing tools" }
    $signArgs = Get-SignArguments
    foreach ($exe in @("proofreader.exe", "proofreader-gui.exe")) {
        Invoke-Checked "sign $exe" { & $SignTool @signArgs (Join-Path $Bundle $exe) }
        Invoke-Checked "verify the signature of $exe" { & $SignTool verify /pa /v (Join-Path $Bundle $exe) | Out-Null }
    }
}

# 4. size and smoke test of the built program
Invoke-Checked "bundle size" { & $Py packaging\bundle_report.py $Bundle --limit-mb $LimitMB --json dist\bundle-size.json }
if (-not $SkipSmokeTest) {
    Invoke-Checked "smoke test of the built program" {
        & $Py packaging\smoke_test.py --bundle $Bundle --expect-version $Version --json-report dist\smoke-test.json
    }
}

# 5. the installer
$Setup = Join-Path $Root "dist\GazetteProofreader-$Version-setup.exe"
if ($SkipInstaller) {
    Write-Host "installer skipped (-SkipInstaller)"
} else {
    $Iscc = Find-Tool "iscc.exe" @(
        "${env:ProgramFiles(x86)}\Inno Setup 6\ISCC.exe",
        "$env:ProgramFiles\Inno Setup 6\ISCC.exe",
        "$env:LOCALAPPDATA\Programs\Inno Setup 6\ISCC.exe")
    if (-not $Iscc) {
        Write-Warning "Inno Setup (iscc.exe) not found: no installer built. Install Inno Setup 6 (winget install JRSoftware.InnoSetup) and run again."
    } else {
        $isccArgs = @("/Q", "/DAppVersion=$Version", "/DAppVersionNumeric=$VersionNumeric")
        if ($Sign) {
            # Inno Setup runs this for the setup and the uninstaller: $q is a quote, $f the file.
            $isccArgs += @("/DSign", ("/Ssigntool=`$q$SignTool`$q " + ((Get-SignArguments) -join " ") + " `$f"))
        }
        Invoke-Checked "Inno Setup" { & $Iscc @isccArgs packaging\windows\installer.iss }
    }
}

# 6. sizes
$bundleBytes = (Get-ChildItem $Bundle -Recurse -File | Measure-Object -Property Length -Sum).Sum
Write-Host ""
Write-Host ("bundle     {0,8:N1} MB  {1} ({2} s to build)" -f ($bundleBytes / 1MB), $Bundle, $buildSeconds)
if (Test-Path $Setup) {
    Write-Host ("installer  {0,8:N1} MB  {1}" -f ((Get-Item $Setup).Length / 1MB), $Setup)
}

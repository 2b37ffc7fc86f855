; Inno Setup script (UTF-8 with BOM, for Inno Setup 6 before 6.3): installs the onedir bundle for the current user, without
; administrator rights. Built by build.ps1, which passes the version:
;
;   iscc /DAppVersion=0.1.0 /DAppVersionNumeric=0.1.0.0 packaging\windows\installer.iss
;
; What it does, and only this: copies dist\GazetteProofreader to
; %LOCALAPPDATA%\Programs\GazetteProofreader, adds a Start-menu entry (and a desktop icon
; if asked), registers an uninstaller. No file association, no PATH change, no service,
; nothing under Program Files or HKLM. Uninstalling removes the program folder and never
; the proofreader's store and settings (%LOCALAPPDATA%\GazetteProofreader): they hold
; the corrections.
;
; Signing: when a certificate is available, build.ps1 -Sign defines Sign and passes the
; signtool command as /Ssigntool=..., which signs the setup and the uninstaller
; (packaging/README.md).

#ifndef AppVersion
  #error Pass the version: iscc /DAppVersion=X.Y.Z (build.ps1 reads it from proofreader.__version__)
#endif
#ifndef AppVersionNumeric
  #define AppVersionNumeric AppVersion
#endif
#ifndef BundleDir
  #define BundleDir "..\..\dist\GazetteProofreader"
#endif
#ifndef OutputDir
  #define OutputDir "..\..\dist"
#endif

; Simplified Chinese setup messages ship with recent Inno Setup releases; older ones need
; ChineseSimplified.isl (https://jrsoftware.org/files/istrans/) in their Languages folder.
#define ChineseIsl AddBackslash(CompilerPath) + "Languages\ChineseSimplified.isl"
#if !FileExists(ChineseIsl)
  #error Languages\ChineseSimplified.isl is missing from this Inno Setup: install a release that ships it, or copy it there from https://jrsoftware.org/files/istrans/
#endif

[Setup]
; AppId identifies the program for upgrades and uninstall: never change it.
AppId={{F0F74AD0-1A05-4214-92C4-AA5ED31BB29F}
AppName={cm:AppName}
AppVersion={#AppVersion}
AppVerName={cm:AppName} {#AppVersion}
AppPublisher=Gazette Proofreader team
VersionInfoVersion={#AppVersionNumeric}
VersionInfoProductName=Gazette Proofreader
VersionInfoDescription=Gazette Proofreader setup
; Per user, never elevated: {userpf} is %LOCALAPPDATA%\Programs.
PrivilegesRequired=lowest
DefaultDirName={userpf}\GazetteProofreader
DefaultGroupName={cm:AppName}
DisableProgramGroupPage=yes
UsePreviousAppDir=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
; Qt 6 runs on Windows 10 1809 and later.
MinVersion=10.0.17763
ChangesAssociations=no
ChangesEnvironment=no
; An upgrade closes a running window first (it saves on every correction).
CloseApplications=yes
RestartApplications=no
SetupIconFile=..\..\resources\icons\proofreader.ico
UninstallDisplayIcon={app}\proofreader-gui.exe
UninstallDisplayName={cm:AppName}
OutputDir={#OutputDir}
OutputBaseFilename=GazetteProofreader-{#AppVersion}-setup
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
ShowLanguageDialog=auto
#ifdef Sign
SignTool=signtool
SignedUninstaller=yes
#endif

[Languages]
; The first language is the fallback when the desktop's language is neither.
Name: "chinesesimplified"; MessagesFile: "{#ChineseIsl}"
Name: "english"; MessagesFile: "compiler:Default.isl"

[CustomMessages]
chinesesimplified.AppName=政府公报校对工具
english.AppName=Gazette Proofreader
chinesesimplified.CommandLine=命令行 (proofreader.exe)
english.CommandLine=Command line (proofreader.exe)

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[InstallDelete]
; A onedir bundle is replaced as a whole: files of the previous version that this one no
; longer has must not linger in _internal and be picked up by the new one.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "{#BundleDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\{cm:AppName}"; Filename: "{app}\proofreader-gui.exe"; WorkingDir: "{userdocs}"; Comment: "{cm:AppName} {#AppVersion}"
; The console program, opened in a command prompt in the user's documents folder.
Name: "{group}\{cm:CommandLine}"; Filename: "{cmd}"; Parameters: "/k ""{app}\proofreader.exe"" --help"; WorkingDir: "{userdocs}"; IconFilename: "{app}\proofreader.exe"
Name: "{group}\{cm:UninstallProgram,{cm:AppName}}"; Filename: "{uninstallexe}"
Name: "{userdesktop}\{cm:AppName}"; Filename: "{app}\proofreader-gui.exe"; WorkingDir: "{userdocs}"; Tasks: desktopicon

[Run]
Filename: "{app}\proofreader-gui.exe"; Description: "{cm:LaunchProgram,{cm:AppName}}"; Flags: nowait postinstall skipifsilent

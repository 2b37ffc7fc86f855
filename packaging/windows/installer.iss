; Inno Setup script (UTF-8 with BOM, for Inno Setup 6 before 6.3): installs the onedir bundle for the current user, without
; administrator rights. Built by build.ps1, which passes the version:
;
;   iscc /DAppVersion=0.1.0 /DAppVersionNumeric=0.1.0.0 packaging\windows\installer.iss
;
; What it does, and only this: copies dist\GazetteProofreader to
; %LOCALAPPDATA%\Programs\GazetteProofreader, adds Start-menu entries (and a desktop icon
; if asked), offers the program in Explorer's "Open with" for .txt files if asked (never as
; the default program), registers an uninstaller. No PATH change, no service, nothing under
; Program Files or HKLM. Uninstalling removes the program folder and keeps the
; proofreader's store and settings (%LOCALAPPDATA%\GazetteProofreader): they hold the
; corrections. The uninstaller asks whether to delete them too (default: no); a silent
; uninstall deletes them only when given /DELETESTORE.
;
; `make windows-test` compiles this script under Wine with the npm `innosetup` compiler and
; installs, runs and uninstalls the result (packaging/windows/wine/test.sh).
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

; Simplified Chinese setup messages: Inno Setup's own translation when this compiler has
; it (recent releases ship Languages\ChineseSimplified.isl), else ours (zh-CN-messages.isl,
; the wizard's and uninstaller's messages over the English defaults).
#define ChineseIsl AddBackslash(CompilerPath) + "Languages\ChineseSimplified.isl"
#if FileExists(ChineseIsl)
  #define ChineseMessages ChineseIsl
#else
  #define ChineseMessages "compiler:Default.isl,zh-CN-messages.isl"
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
VersionInfoCompany=Gazette Proofreader team
VersionInfoCopyright=MIT License, Gazette Proofreader team
; Per user, never elevated, into %LOCALAPPDATA%\Programs (what {userpf} names on Windows;
; spelled out because Wine 8 cannot expand {userpf}, and make windows-test installs there).
PrivilegesRequired=lowest
DefaultDirName={localappdata}\Programs\GazetteProofreader
DefaultGroupName={cm:AppName}
DisableProgramGroupPage=yes
UsePreviousAppDir=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
; Qt 6 runs on Windows 10 1809 and later.
MinVersion=10.0.17763
; Only the optional "Open with" entry (task openwith); Explorer is told to refresh.
ChangesAssociations=yes
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
Name: "chinesesimplified"; MessagesFile: "{#ChineseMessages}"
Name: "english"; MessagesFile: "compiler:Default.isl"

[CustomMessages]
chinesesimplified.AppName=政府公报校对工具
english.AppName=Gazette Proofreader
chinesesimplified.CommandLine=命令行 (proofreader.exe)
english.CommandLine=Command line (proofreader.exe)
chinesesimplified.OpenWithTask=在 .txt 文件的“打开方式”中加入本程序(&O)
english.OpenWithTask=Add the program to "&Open with" for .txt files
chinesesimplified.OcrTextFile=公报 OCR 文本
english.OcrTextFile=Gazette OCR text
chinesesimplified.DeleteStoreQuestion=是否同时删除您的校对数据库和设置？%n%n%1%n%n其中保存着您的全部更正。选择“否”将保留它们（重新安装后可继续使用）。
english.DeleteStoreQuestion=Also delete your proofreading store and settings?%n%n%1%n%nThey hold all your corrections. Choose No to keep them (a new install goes on using them).

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked
Name: "openwith"; Description: "{cm:OpenWithTask}"; Flags: unchecked

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

[Registry]
; "Open with" for .txt (task openwith), per user (HKA is HKCU here): a ProgID listed among
; the .txt file's OpenWithProgids, and the application's supported types. The default
; program for .txt is left as it is. Everything is removed on uninstall.
Root: HKA; Subkey: "Software\Classes\GazetteProofreader.txt"; ValueType: string; ValueName: ""; ValueData: "{cm:OcrTextFile}"; Flags: uninsdeletekey; Tasks: openwith
Root: HKA; Subkey: "Software\Classes\GazetteProofreader.txt\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\proofreader-gui.exe,0"; Tasks: openwith
Root: HKA; Subkey: "Software\Classes\GazetteProofreader.txt\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\proofreader-gui.exe"" ""%1"""; Tasks: openwith
Root: HKA; Subkey: "Software\Classes\.txt\OpenWithProgids"; ValueType: string; ValueName: "GazetteProofreader.txt"; ValueData: ""; Flags: uninsdeletevalue; Tasks: openwith
Root: HKA; Subkey: "Software\Classes\Applications\proofreader-gui.exe"; ValueType: string; ValueName: "FriendlyAppName"; ValueData: "{cm:AppName}"; Flags: uninsdeletekey; Tasks: openwith
Root: HKA; Subkey: "Software\Classes\Applications\proofreader-gui.exe\SupportedTypes"; ValueType: string; ValueName: ".txt"; ValueData: ""; Tasks: openwith
Root: HKA; Subkey: "Software\Classes\Applications\proofreader-gui.exe\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\proofreader-gui.exe"" ""%1"""; Tasks: openwith

[Run]
Filename: "{app}\proofreader-gui.exe"; Description: "{cm:LaunchProgram,{cm:AppName}}"; Flags: nowait postinstall skipifsilent

[Code]
{ The store and settings folder: kept on uninstall unless the proofreader says otherwise. }
function StoreDir(): String;
begin
  Result := ExpandConstant('{localappdata}\GazetteProofreader');
end;

function HasParam(const Name: String): Boolean;
var
  I: Integer;
begin
  Result := False;
  for I := 1 to ParamCount do
    if CompareText(ParamStr(I), Name) = 0 then
      Result := True;
end;

procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
var
  Delete: Boolean;
begin
  if (CurUninstallStep = usPostUninstall) and DirExists(StoreDir()) then
  begin
    if UninstallSilent() then
      Delete := HasParam('/DELETESTORE')
    else
      Delete := MsgBox(FmtMessage(CustomMessage('DeleteStoreQuestion'), [StoreDir()]),
                       mbConfirmation, MB_YESNO or MB_DEFBUTTON2) = IDYES;
    if Delete then
      DelTree(StoreDir(), True, True, True);
  end;
end;

; Inno Setup 6 script: the Windows installer of registry-app (IR Thrombectomy Registry).
;
; Build it with packaging\windows\build_windows.ps1, which first makes the PyInstaller
; one-folder bundle (dist\registry-app, from packaging\registry_app.spec) and then runs
;   ISCC.exe /DAppVersion=<registry-app --version> packaging\windows\registry_app.iss
; Names, AppId and version match packaging\appinfo.py; tests\packaging checks that.
;
; THE REGISTRY IS NOT IN THE PROGRAM FOLDER. It lives in the user's data folder,
; %LOCALAPPDATA%\registry-app (chosen by platformdirs; REGISTRY_HOME or REGISTRY_DB move it),
; with its backups and logs. Installing, upgrading and uninstalling must never delete it:
; this script only ever removes files under {app}, and deliberately has no [UninstallDelete]
; entry for the data folder.

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#define AppName "IR Thrombectomy Registry"
#define AppSlug "registry-app"
#define AppPublisher "The registry_app authors"
#define AppExeName "registry-app.exe"
#define BundleDir "..\..\dist\registry-app"

[Setup]
; Fixed forever: a new version with the same AppId upgrades the installed one in place.
AppId={{6BDF6AA0-E091-4EF6-BC89-6617D493AF9C}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher={#AppPublisher}
AppCopyright=Copyright (c) {#AppPublisher}. MIT licence.
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
; Administrators install for all users in Program Files; others may install just for themselves.
PrivilegesRequired=admin
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
LicenseFile=..\..\LICENSE
SetupIconFile=..\..\resources\icons\registry-app.ico
UninstallDisplayIcon={app}\{#AppExeName}
UninstallDisplayName={#AppName} {#AppVersion}
OutputDir=..\..\dist
OutputBaseFilename={#AppSlug}-{#AppVersion}-windows-x64-setup
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
CloseApplications=yes
VersionInfoVersion={#AppVersion}
VersionInfoProductName={#AppName}
VersionInfoCompany={#AppPublisher}

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[InstallDelete]
; An upgrade replaces the bundled libraries wholesale, so none of an older version linger.
; Only the program folder's _internal is cleared; the registry is elsewhere (see the top).
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "{#BundleDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs
Source: "..\..\LICENSE"; DestDir: "{app}"; Flags: ignoreversion

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExeName}"; WorkingDir: "{app}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExeName}"; WorkingDir: "{app}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExeName}"; Description: "{cm:LaunchProgram,{#StringChange(AppName, '&', '&&')}}"; Flags: nowait postinstall skipifsilent

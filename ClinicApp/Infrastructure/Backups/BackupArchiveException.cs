namespace ClinicApp.Infrastructure.Backups;

/// <summary>An archive cannot be used: <see cref="Exception.Message"/> is a resource key (Backups.*) a
/// screen localizes, <see cref="Detail"/> says what exactly (for logs and the operator's command line).</summary>
public sealed class BackupArchiveException(string key, string detail, Exception? inner = null) : Exception(key, inner)
{
    public const string NotAnArchive = "Backups.Error.NotAnArchive";
    public const string WrongKey = "Backups.Error.WrongKey";
    public const string Damaged = "Backups.Error.Damaged";
    public const string PartMismatch = "Backups.Error.PartMismatch";
    public const string IntegrityFailed = "Backups.Error.IntegrityFailed";
    public const string CountMismatch = "Backups.Error.CountMismatch";

    public string Detail { get; } = detail;

    public override string ToString() => $"{Message}: {Detail}";
}

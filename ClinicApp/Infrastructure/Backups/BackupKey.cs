using System.Security.Cryptography;
using System.Text;
using ClinicApp.Infrastructure.Security;
using ClinicApp.Tenancy;
using Microsoft.Extensions.Options;

namespace ClinicApp.Infrastructure.Backups;

/// <summary>The AES-256 key of the backup archives. Its own key, not the Data Protection ring: an archive
/// taken to a new machine must open there with the key alone, and an archive copied off this machine
/// must be useless without it. Production must configure <c>Backups:Key</c> or <c>Backups:KeyFile</c>;
/// Development makes one in the data folder and says so.</summary>
public sealed class BackupKey
{
    public const string KeySetting = "Backups:Key";
    public const string KeyFileSetting = "Backups:KeyFile";
    public const string DevelopmentFileName = "backup-key.dev";

    private readonly Lazy<byte[]> _key;

    public BackupKey(IOptions<BackupOptions> options, IHostEnvironment environment, TenantConnections connections, ILogger<BackupKey> logger)
    {
        _key = new Lazy<byte[]>(() => Resolve(options.Value, environment, connections.DataDirectory, logger));
    }

    private BackupKey(byte[] key) => _key = new Lazy<byte[]>(key);

    /// <summary>A key given directly (tests, tools).</summary>
    public static BackupKey Of(byte[] key) =>
        key.Length == 32 ? new BackupKey(key) : throw new ArgumentException("A backup key is 32 bytes.", nameof(key));

    public byte[] Key => _key.Value;

    /// <summary>Which key encrypted an archive (8 bytes derived from the key, not the key): an archive of
    /// another key is refused with "wrong key" instead of "damaged".</summary>
    public byte[] Id => SHA256.HashData([.. Encoding.ASCII.GetBytes("clinicapp-backup-key-id:"), .. Key])[..8];

    /// <summary>Why the app cannot start, or null: only Development may run without a configured key.</summary>
    public static string? Problem(IConfiguration configuration, IHostEnvironment environment)
    {
        var text = Configured(configuration[KeySetting], configuration[KeyFileSetting], environment, out var source);
        if (text is null)
        {
            return environment.IsDevelopment()
                ? null
                : $"ClinicApp will not start: neither {KeySetting} nor {KeyFileSetting} is set. Backups are encrypted with AES-256 under that key; set it to the base64 of 32 random bytes (`openssl rand -base64 32`) and keep a copy away from the backups.";
        }

        return Parse(text) is null
            ? $"ClinicApp will not start: {source} is not the base64 of a 32-byte key (`openssl rand -base64 32`)."
            : null;
    }

    private static string? Configured(string? key, string? keyFile, IHostEnvironment environment, out string source)
    {
        if (!string.IsNullOrWhiteSpace(key))
        {
            source = KeySetting;
            return key;
        }

        source = KeyFileSetting;
        if (string.IsNullOrWhiteSpace(keyFile))
        {
            return null;
        }

        var path = Path.GetFullPath(keyFile, environment.ContentRootPath);
        return File.Exists(path) ? File.ReadAllText(path) : "";
    }

    private static byte[]? Parse(string text)
    {
        try
        {
            var bytes = Convert.FromBase64String(text.Trim());
            return bytes.Length == 32 ? bytes : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static byte[] Resolve(BackupOptions options, IHostEnvironment environment, string dataDirectory, ILogger logger)
    {
        if (Configured(options.Key, options.KeyFile, environment, out var source) is { } text)
        {
            return Parse(text) ?? throw new InvalidOperationException($"{source} is not the base64 of a 32-byte key.");
        }

        if (!environment.IsDevelopment())
        {
            throw new InvalidOperationException($"{KeySetting} or {KeyFileSetting} is required outside Development.");
        }

        var path = Path.Combine(dataDirectory, DevelopmentFileName);
        var (key, created) = DevelopmentKeys.LoadOrCreate(path, Parse);
        if (created)
        {
            logger.LogWarning("Development: generated the backup key in {Path}. Production needs {Setting} configured instead; without that key no archive can be restored.", path, KeySetting);
        }

        return key;
    }
}

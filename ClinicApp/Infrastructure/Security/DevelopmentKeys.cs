using System.Security.Cryptography;

namespace ClinicApp.Infrastructure.Security;

/// <summary>The keys Development makes for itself when none is configured (the key-ring encryption key, the
/// backup key): 32 random bytes kept as base64 in a file of the data folder, made once and read back after.
/// Production configures its keys; the callers refuse to run without them there.</summary>
public static class DevelopmentKeys
{
    /// <summary>The key in <paramref name="path"/> when that file holds one <paramref name="parse"/> accepts;
    /// otherwise a new one written there (<c>Created</c> = true, so the caller says so in the log).</summary>
    public static (byte[] Key, bool Created) LoadOrCreate(string path, Func<string, byte[]?> parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        if (File.Exists(path) && parse(File.ReadAllText(path)) is { } existing)
        {
            return (existing, false);
        }

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var key = RandomNumberGenerator.GetBytes(32);
        File.WriteAllText(path, Convert.ToBase64String(key));
        return (key, true);
    }
}

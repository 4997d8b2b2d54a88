using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;
using ClinicApp.Tenancy;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;
using Microsoft.Extensions.Options;

namespace ClinicApp.Infrastructure.Security;

/// <summary>The key that encrypts the Data Protection key ring at rest (issue 11 #4). The ring lives in
/// the catalog database; unencrypted, a copy of that database would expose every hospital's Stripe and
/// SMTP secrets and let anyone forge sign-in cookies. Production must configure
/// <c>DataProtection:KeyEncryptionKey</c> (base64 of 32 random bytes); Development makes one in the
/// data folder and says so.</summary>
public sealed class KeyEncryptionKey
{
    public const string Setting = "DataProtection:KeyEncryptionKey";
    public const string DevelopmentFileName = "key-encryption-key.dev";

    private readonly Lazy<byte[]> _key;

    public KeyEncryptionKey(IConfiguration configuration, IHostEnvironment environment, TenantConnections connections, ILogger<KeyEncryptionKey> logger)
    {
        _key = new Lazy<byte[]>(() => Resolve(configuration[Setting], environment, connections.DataDirectory, logger));
    }

    public byte[] Key => _key.Value;

    /// <summary>Why the app cannot start, or null: only Development may run without a configured key.</summary>
    public static string? MissingInProduction(IConfiguration configuration, IHostEnvironment environment)
    {
        var configured = configuration[Setting];
        if (string.IsNullOrWhiteSpace(configured))
        {
            return environment.IsDevelopment()
                ? null
                : $"ClinicApp will not start: {Setting} is not set. The Data Protection keys (cookies, stored Stripe and SMTP secrets) must be encrypted at rest; set it to the base64 of 32 random bytes, e.g. `openssl rand -base64 32`, and keep it out of the database backups.";
        }

        return Parse(configured) is null
            ? $"ClinicApp will not start: {Setting} is not the base64 of a 16, 24 or 32-byte AES key (e.g. `openssl rand -base64 32`)."
            : null;
    }

    private static byte[]? Parse(string text)
    {
        try
        {
            var bytes = Convert.FromBase64String(text.Trim());
            return bytes.Length is 16 or 24 or 32 ? bytes : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static byte[] Resolve(string? configured, IHostEnvironment environment, string dataDirectory, ILogger logger)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return Parse(configured) ?? throw new InvalidOperationException($"{Setting} is not the base64 of a 16, 24 or 32-byte AES key.");
        }

        if (!environment.IsDevelopment())
        {
            throw new InvalidOperationException($"{Setting} is required outside Development.");
        }

        var path = Path.Combine(dataDirectory, DevelopmentFileName);
        var (key, created) = DevelopmentKeys.LoadOrCreate(path, Parse);
        if (created)
        {
            logger.LogWarning("Development: generated a key-encryption key for the Data Protection key ring in {Path}. Production needs {Setting} configured instead.", path, Setting);
        }

        return key;
    }

    /// <summary>A short id of the key (not the key): says which key encrypted an element.</summary>
    public string Id => Convert.ToHexStringLower(SHA256.HashData(Key))[..16];
}

/// <summary>Encrypts a key element with AES-GCM under the <see cref="KeyEncryptionKey"/>.</summary>
public sealed class AesKeyXmlEncryptor(KeyEncryptionKey kek) : IXmlEncryptor
{
    public EncryptedXmlInfo Encrypt(XElement plaintextElement)
    {
        ArgumentNullException.ThrowIfNull(plaintextElement);
        var plaintext = Encoding.UTF8.GetBytes(plaintextElement.ToString(SaveOptions.DisableFormatting));
        var nonce = RandomNumberGenerator.GetBytes(AesGcm.NonceByteSizes.MaxSize);
        var tag = new byte[AesGcm.TagByteSizes.MaxSize];
        var ciphertext = new byte[plaintext.Length];
        using (var aes = new AesGcm(kek.Key, tag.Length))
        {
            aes.Encrypt(nonce, plaintext, ciphertext, tag);
        }

        CryptographicOperations.ZeroMemory(plaintext);
        var element = new XElement("encryptedKey",
            new XAttribute("kek", kek.Id),
            new XComment(" Encrypted with the key-encryption key (DataProtection:KeyEncryptionKey). "),
            new XElement("value", Convert.ToBase64String([.. nonce, .. tag, .. ciphertext])));
        return new EncryptedXmlInfo(element, typeof(AesKeyXmlDecryptor));
    }
}

/// <summary>Decrypts what <see cref="AesKeyXmlEncryptor"/> wrote; created by Data Protection from the
/// type name stored with the key, with the app's services.</summary>
public sealed class AesKeyXmlDecryptor(IServiceProvider services) : IXmlDecryptor
{
    public XElement Decrypt(XElement encryptedElement)
    {
        ArgumentNullException.ThrowIfNull(encryptedElement);
        var kek = services.GetRequiredService<KeyEncryptionKey>();
        var data = Convert.FromBase64String((string?)encryptedElement.Element("value") ?? "");
        var nonceSize = AesGcm.NonceByteSizes.MaxSize;
        var tagSize = AesGcm.TagByteSizes.MaxSize;
        if (data.Length < nonceSize + tagSize)
        {
            throw new CryptographicException("The encrypted key element is truncated.");
        }

        var plaintext = new byte[data.Length - nonceSize - tagSize];
        using (var aes = new AesGcm(kek.Key, tagSize))
        {
            // A different key-encryption key fails here (the tag does not match): the key is unusable.
            aes.Decrypt(data.AsSpan(0, nonceSize), data.AsSpan(nonceSize + tagSize), data.AsSpan(nonceSize, tagSize), plaintext);
        }

        try
        {
            return XElement.Parse(Encoding.UTF8.GetString(plaintext));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }
    }
}

public static class KeyRingEncryption
{
    public static WebApplicationBuilder AddKeyRingEncryption(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<KeyEncryptionKey>();
        builder.Services.AddOptions<KeyManagementOptions>().Configure<KeyEncryptionKey>((options, kek) => options.XmlEncryptor = new AesKeyXmlEncryptor(kek));
        return builder;
    }
}

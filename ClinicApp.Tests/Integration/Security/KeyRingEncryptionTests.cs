using System.Net;
using ClinicApp.Infrastructure.Security;
using ClinicApp.Tenancy;
using ClinicApp.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ClinicApp.Tests.Integration.Security;

/// <summary>Issue 11 #4: the Data Protection key ring is encrypted at rest with the key-encryption key;
/// the same key reads it after a restart, another cannot.</summary>
public sealed class KeyRingEncryptionTests : IDisposable
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "clinicapp-kek", Guid.NewGuid().ToString("N"));

    private ClinicAppFactory App(string? keyEncryptionKey) => new(new Dictionary<string, string?>
    {
        ["Database:DataDirectory"] = _data,
        [KeyEncryptionKey.Setting] = keyEncryptionKey,
    });

    private static async Task<HttpStatusCode> HomeWithCookieAsync(ClinicAppFactory app, string cookie)
    {
        using var handler = new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false };
        using var http = new HttpClient(handler) { BaseAddress = new Uri(app.BaseUrl + "/") };
        using var request = new HttpRequestMessage(HttpMethod.Get, "aurora/");
        request.Headers.Add("Cookie", cookie);
        return (await http.SendAsync(request)).StatusCode;
    }

    [Fact]
    public async Task The_key_ring_is_stored_encrypted_and_only_the_same_key_reads_the_cookie_after_a_restart()
    {
        string cookie;
        await using (var first = App(null))
        {
            using var http = new Http(first.BaseUrl);
            Assert.Equal(HttpStatusCode.Redirect, (await http.SignInAsync("aurora", "reception@aurora.vet")).StatusCode);
            cookie = http.Cookies.GetCookieHeader(new Uri(first.BaseUrl + "/aurora/"));
            Assert.Contains(".ClinicApp.Auth", cookie, StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.OK, await HomeWithCookieAsync(first, cookie));

            await using var catalog = first.Services.GetRequiredService<TenantConnections>().CreateCatalog();
            var keys = await catalog.DataProtectionKeys.AsNoTracking().Select(k => k.Xml).ToListAsync();
            Assert.NotEmpty(keys);
            Assert.All(keys, xml =>
            {
                Assert.DoesNotContain("<masterKey", xml, StringComparison.Ordinal);
                Assert.Contains("<encryptedKey", xml, StringComparison.Ordinal);
            });

            // Development made its own key-encryption key, in the data folder, not in the database.
            Assert.True(File.Exists(Path.Combine(_data, KeyEncryptionKey.DevelopmentFileName)));
        }

        await using (var restarted = App(null))
        {
            Assert.Equal(HttpStatusCode.OK, await HomeWithCookieAsync(restarted, cookie));
        }

        var otherKey = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        await using (var stolenCopy = App(otherKey))
        {
            Assert.Equal(HttpStatusCode.Redirect, await HomeWithCookieAsync(stolenCopy, cookie));
        }
    }

    [Theory]
    [InlineData("Production", null, true)]
    [InlineData("Staging", "", true)]
    [InlineData("Production", "bm90IGEga2V5", true)]
    [InlineData("Production", "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=", false)]
    [InlineData("Development", null, false)]
    public void Outside_development_the_key_is_required(string environment, string? key, bool refused)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { [KeyEncryptionKey.Setting] = key }).Build();
        var host = new Microsoft.Extensions.Hosting.Internal.HostingEnvironment { EnvironmentName = environment };

        var problem = KeyEncryptionKey.MissingInProduction(configuration, host);

        Assert.Equal(refused, problem is not null);
        if (problem is not null)
        {
            Assert.Contains(KeyEncryptionKey.Setting, problem, StringComparison.Ordinal);
            Assert.DoesNotContain('\n', problem);
        }
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
            // a file still held by a closing connection: the temp folder is cleaned by the OS
        }
    }
}

using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using ClinicApp.Data.Billing;
using ClinicApp.Data.Identity;
using ClinicApp.Features.Invoices;
using ClinicApp.Features.Settings;
using ClinicApp.Features.Tutors;
using ClinicApp.Tenancy;
using ClinicApp.Tests.Fakes;
using ClinicApp.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace ClinicApp.Tests.Integration.Billing;

/// <summary>Issue 11 item 16: the real app (`dotnet ClinicApp.dll`, in-memory jobs) is killed with SIGKILL
/// while Stripe payments pour in; after a restart every committed payment of a tutor with an e-mail has
/// exactly one receipt row, every acknowledged payment is committed, and the receipts are then sent.
/// Three app starts: about 10 s on an idle 2-core machine, much more when the machine is shared.</summary>
public sealed class ReceiptCrashTests : IDisposable
{
    private const string Slug = "crash";

    // Production refuses to start without a key-encryption key, and the set-up app (Development) must
    // encrypt the key ring with the same one: the hospital's Stripe and SMTP secrets are protected by it.
    private static readonly string KeyEncryptionKey = Convert.ToBase64String(Enumerable.Range(0, 32).Select(i => (byte)(i * 3)).ToArray());
    private readonly string _data = Path.Combine(Path.GetTempPath(), "clinicapp-crash", Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task Killed_during_payments_every_committed_payment_keeps_exactly_one_receipt_and_it_is_sent_after_restart()
    {
        await using var smtp = new FakeSmtpServer();
        var (hospital, invoices) = await PrepareAsync(smtp.Port, count: 24);

        var port = FreePort();
        var acknowledged = new ConcurrentBag<Guid>();
        using (var first = Start(port))
        {
            await WaitReadyAsync(port);
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(10) };
            using var killAt = new SemaphoreSlim(0);
            var payments = Task.Run(() => Parallel.ForEachAsync(invoices, new ParallelOptions { MaxDegreeOfParallelism = 6 }, async (invoice, ct) =>
            {
                var payload = StripeFixture.CheckoutEvent($"evt_{Guid.NewGuid():N}", hospital, invoice.Id, 10000);
                using var content = new StringContent(payload, Encoding.UTF8, "application/json");
                using var request = new HttpRequestMessage(HttpMethod.Post, $"{Slug}/webhooks/stripe") { Content = content };
                request.Headers.Add("Stripe-Signature", StripeFixture.Sign(payload, StripeFixture.WebhookSecret(Slug)));
                try
                {
                    using var response = await http.SendAsync(request, ct);
                    if (response.StatusCode == HttpStatusCode.OK)
                    {
                        acknowledged.Add(invoice.Id);
                        if (acknowledged.Count == invoices.Count / 3)
                        {
                            killAt.Release();
                        }
                    }
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    // The process was killed under this request: not acknowledged.
                }
            }));
            Assert.True(await killAt.WaitAsync(TimeSpan.FromSeconds(20)), "payments were acknowledged");
            first.Kill(); // SIGKILL: no shutdown, no flush of in-memory jobs
            await first.WaitForExitAsync();
            await payments;
        }

        Assert.InRange(acknowledged.Count, invoices.Count / 3, invoices.Count - 1);

        using var second = Start(port);
        try
        {
            await WaitReadyAsync(port);
            var committed = await CommittedAsync();
            Assert.Subset(committed.Select(c => c.InvoiceId).ToHashSet(), acknowledged.ToHashSet());
            foreach (var payment in committed)
            {
                Assert.Equal(payment.TutorEmail is null ? 0 : 1, payment.Receipts);
            }

            Assert.Contains(committed, c => c.TutorEmail is not null);
            var expected = committed.Count(c => c.TutorEmail is not null);
            // A receipt the killed process had claimed waits for its claim to lapse (the lease, 16 s
            // with the 3 s send timeout set below) before the restarted dispatcher takes it.
            for (var i = 0; i < 400 && await SentReceiptsAsync() < expected; i++)
            {
                await Task.Delay(100);
            }

            Assert.Equal(expected, await SentReceiptsAsync());
            var delivered = smtp.Messages.Select(m => Encoding.Latin1.GetString(m)).ToList();
            foreach (var payment in committed.Where(c => c.TutorEmail is not null))
            {
                Assert.Contains(delivered, m => m.Contains(payment.TutorEmail!, StringComparison.Ordinal));
            }
        }
        finally
        {
            second.Kill();
            await second.WaitForExitAsync();
        }
    }

    /// <summary>The hospital, its Stripe and SMTP settings and <paramref name="count"/> invoices of 100,00
    /// (two tutors in three have an e-mail), made by an in-process app on the same data folder.</summary>
    private async Task<(TenantInfo Hospital, List<(Guid Id, string? Email)> Invoices)> PrepareAsync(int smtpPort, int count)
    {
        await using var app = new ClinicAppFactory(new Dictionary<string, string?>
        {
            ["Database:DataDirectory"] = _data,
            ["Demo:Seed"] = "false",
            ["DataProtection:KeyEncryptionKey"] = KeyEncryptionKey,
        });
        await app.Services.GetRequiredService<HospitalProvisioning>().AddAsync(Slug, "Hospital Crash", "admin@crash.vet", adminPassword: ClinicAppFactory.Password);
        await using var desk = await Desk.AsAsync(app, Slug);
        var settings = desk.Services.GetRequiredService<IntegrationSettingsService>();
        await desk.AsAdminAsync(async () =>
        {
            await settings.SaveStripeAsync(new StripeSettingsInput { SecretKey = "sk_test_crash_key1234", WebhookSecret = StripeFixture.WebhookSecret(Slug) });
            await settings.SaveSmtpAsync(new SmtpSettingsInput { Host = "127.0.0.1", Port = smtpPort, StartTls = false, FromAddress = "caixa@crash.test" });
        });
        var service = desk.Services.GetRequiredService<InvoiceService>();
        var invoices = new List<(Guid, string?)>();
        for (var i = 0; i < count; i++)
        {
            var email = i % 3 == 2 ? null : $"tutor{i}-{Guid.NewGuid():N}@mail.test";
            var tutor = await desk.Tutors.SaveAsync(null, new TutorInput { Name = $"Tutor {i}", Cpf = Desk.NewCpf(), Email = email });
            var id = await service.CreateAsync(tutor, null);
            await service.AddItemAsync(id, "Consulta", ChargeKind.Consultation, 1, 100m);
            invoices.Add((id, email));
        }

        return (desk.Hospital, invoices);
    }

    private sealed record Committed(Guid InvoiceId, string? TutorEmail, int Receipts);

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection($"Data Source={Path.Combine(_data, $"{Slug}.db")};Mode=ReadOnly;Pooling=False");
        connection.Open();
        return connection;
    }

    private async Task<List<Committed>> CommittedAsync()
    {
        await using var connection = Open();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT p.InvoiceId, NULLIF(t.Email, ''), (SELECT COUNT(*) FROM OutboxMessages m WHERE m.PaymentId = p.Id AND m.Kind = 'receipt')
            FROM Payments p JOIN Invoices i ON i.Id = p.InvoiceId JOIN Tutors t ON t.Id = i.TutorId
            """;
        var rows = new List<Committed>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add(new Committed(Guid.Parse(reader.GetString(0)), reader.IsDBNull(1) ? null : reader.GetString(1), reader.GetInt32(2)));
        }

        return rows;
    }

    private async Task<long> SentReceiptsAsync()
    {
        await using var connection = Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM OutboxMessages WHERE Kind = 'receipt' AND Status = 'Sent'";
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private Process Start(int port)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "ClinicApp.dll"));
        info.ArgumentList.Add($"--urls=http://127.0.0.1:{port}");
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        info.Environment["Database__DataDirectory"] = _data;
        // Production refuses to start without a key-encryption key for the Data Protection key ring.
        info.Environment["DataProtection__KeyEncryptionKey"] = KeyEncryptionKey;
        info.Environment["Backups__Key"] = KeyEncryptionKey;
        info.Environment["Outbox__PollSeconds"] = "0.2";
        info.Environment["Outbox__SendTimeoutSeconds"] = "3";
        // On a loaded machine an attempt may time out; its retry must come within the test's wait, not
        // the production minute later (the test is about receipts surviving a crash, not about backoff).
        info.Environment["Outbox__FirstRetrySeconds"] = "1";
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        var process = Process.Start(info)!;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task WaitReadyAsync(int port)
    {
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(2) };
        for (var i = 0; i < 300; i++)
        {
            try
            {
                if ((await http.GetAsync("health/ready")).StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // not listening yet
            }

            await Task.Delay(100);
        }

        Assert.Fail("the app did not become ready");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
            // nothing was created
        }
        catch (IOException)
        {
            // a file still held: the OS cleans the temp folder
        }
    }
}

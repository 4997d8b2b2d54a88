using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using ClinicApp.Data.Billing;
using ClinicApp.Data.Identity;
using ClinicApp.Features.Invoices;
using ClinicApp.Features.Payments;
using ClinicApp.Features.Settings;
using ClinicApp.Features.Tutors;
using ClinicApp.Tenancy;
using ClinicApp.Tests.Fakes;
using ClinicApp.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ClinicApp.Tests.Integration.Billing;

/// <summary>The app with a quick outbox (1 s send timeout, sub-second backoff, 3 attempts) and no demo
/// data: each test adds its own hospital, so SMTP settings never cross tests.</summary>
public sealed class OutboxAppFixture : IAsyncLifetime
{
    public ClinicAppFactory App { get; } = new(new Dictionary<string, string?>
    {
        ["Demo:Seed"] = "false",
        ["Outbox:PollSeconds"] = "0.2",
        ["Outbox:SendTimeoutSeconds"] = "2",
        ["Outbox:FirstRetrySeconds"] = "0.3",
        ["Outbox:MaxAttempts"] = "3",
    });

    public Task InitializeAsync()
    {
        _ = App.BaseUrl;
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await App.DisposeAsync();

    public async Task<string> NewHospitalAsync()
    {
        var slug = $"out-{Guid.NewGuid():N}"[..16];
        await App.Services.GetRequiredService<HospitalProvisioning>().AddAsync(slug, $"Hospital {slug}", $"admin@{slug}.vet", adminPassword: ClinicAppFactory.Password);
        return slug;
    }
}

/// <summary>Items 16–17 of issue 11: a receipt commits with its payment or not at all, and only the
/// dispatcher sends — retrying with backoff, timing out a silent server, giving up with a note to the admins.</summary>
public sealed class OutboxDispatchTests(OutboxAppFixture fixture) : IClassFixture<OutboxAppFixture>
{
    private readonly ClinicAppFactory _app = fixture.App;

    [Fact]
    public async Task A_desk_payment_and_its_receipt_row_commit_together_or_not_at_all()
    {
        await using var desk = await Desk.AsAsync(_app, await fixture.NewHospitalAsync());
        var invoiceId = await NewInvoiceAsync(desk, "ana@mail.test");
        // The receipt's insert fails after the payment was applied: the payment must not survive it.
        await ExecuteAsync(desk, "CREATE TRIGGER no_outbox BEFORE INSERT ON OutboxMessages BEGIN SELECT RAISE(ABORT, 'outbox refused'); END;");

        await Assert.ThrowsAnyAsync<DbUpdateException>(() => desk.Services.GetRequiredService<InvoiceService>().RegisterPaymentAsync(invoiceId, PaymentMethod.Cash, 100m, null));

        Assert.Equal((0, 0), await PaymentsAndReceiptsAsync(desk, invoiceId));

        await ExecuteAsync(desk, "DROP TRIGGER no_outbox;");
        var paymentId = await desk.Services.GetRequiredService<InvoiceService>().RegisterPaymentAsync(invoiceId, PaymentMethod.Cash, 100m, null);

        Assert.Equal((1, 1), await PaymentsAndReceiptsAsync(desk, invoiceId));
        Assert.Equal(paymentId, (await RowsAsync(desk, invoiceId)).Single().PaymentId);
    }

    [Fact]
    public async Task A_webhook_payment_and_its_receipt_row_commit_together_and_stripe_is_asked_to_retry()
    {
        var slug = await fixture.NewHospitalAsync();
        await using var desk = await Desk.AsAsync(_app, slug);
        await desk.AsAdminAsync(() => desk.Services.GetRequiredService<IntegrationSettingsService>().SaveStripeAsync(new StripeSettingsInput
        {
            SecretKey = "sk_test_outbox_key1234",
            WebhookSecret = StripeFixture.WebhookSecret(slug),
        }));
        var invoiceId = await NewInvoiceAsync(desk, "bia@mail.test");
        var payload = StripeFixture.CheckoutEvent($"evt_{Guid.NewGuid():N}", desk.Hospital, invoiceId, 10000);
        await ExecuteAsync(desk, "CREATE TRIGGER no_outbox BEFORE INSERT ON OutboxMessages BEGIN SELECT RAISE(ABORT, 'outbox refused'); END;");

        using (var refused = await PostWebhookAsync(slug, payload))
        {
            Assert.False(refused.IsSuccessStatusCode);
        }

        Assert.Equal((0, 0), await PaymentsAndReceiptsAsync(desk, invoiceId));

        await ExecuteAsync(desk, "DROP TRIGGER no_outbox;");
        using (var retried = await PostWebhookAsync(slug, payload))
        {
            Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
        }

        Assert.Equal((1, 1), await PaymentsAndReceiptsAsync(desk, invoiceId));
    }

    [Fact]
    public async Task Smtp_failing_then_recovering_is_retried_and_the_receipt_is_sent()
    {
        await using var desk = await Desk.AsAsync(_app, await fixture.NewHospitalAsync());
        await SaveSmtpAsync(desk, ClosedPort());
        var invoiceId = await NewInvoiceAsync(desk, "caio@mail.test");
        await desk.Services.GetRequiredService<InvoiceService>().RegisterPaymentAsync(invoiceId, PaymentMethod.Cash, 100m, null);

        var failed = await EventuallyAsync(desk, invoiceId, m => m.Attempts >= 1);
        Assert.Equal(OutboxStatus.Pending, failed.Status);
        Assert.NotNull(failed.Error);
        Assert.NotNull(failed.NextAttemptAt);

        await using var smtp = new FakeSmtpServer();
        await SaveSmtpAsync(desk, smtp.Port);

        var sent = await EventuallyAsync(desk, invoiceId, m => m.Status == OutboxStatus.Sent);
        Assert.True(sent.Attempts >= 2, $"attempts {sent.Attempts}");
        Assert.Null(sent.Error);
        Assert.Single(smtp.Messages);
    }

    [Fact]
    public async Task A_server_that_accepts_and_never_answers_does_not_hold_the_desk_and_the_attempt_times_out()
    {
        await using var silent = new SilentSmtpServer();
        var slug = await fixture.NewHospitalAsync();
        await using var desk = await Desk.AsAsync(_app, slug);
        await SaveSmtpAsync(desk, silent.Port);
        // A payment link is only offered where the tutor can pay online.
        await desk.AsAdminAsync(() => desk.Services.GetRequiredService<IntegrationSettingsService>().SaveStripeAsync(new StripeSettingsInput
        {
            SecretKey = "sk_test_outbox_key1234",
            WebhookSecret = StripeFixture.WebhookSecret(slug),
        }));
        var invoiceId = await NewInvoiceAsync(desk, "duda@mail.test");

        var clock = Stopwatch.StartNew();
        var sent = await desk.Services.GetRequiredService<PaymentLinks>().SendPaymentLinkAsync(invoiceId);
        clock.Stop();

        Assert.Equal("duda@mail.test", sent.EmailedTo);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1.5), $"the desk waited {clock.Elapsed}");
        var timedOut = await EventuallyAsync(desk, invoiceId, m => m.Attempts >= 1);
        Assert.Equal(OutboxStatus.Pending, timedOut.Status);
        Assert.Contains("No answer", timedOut.Error, StringComparison.Ordinal);
        Assert.True(timedOut.NextAttemptAt > timedOut.UpdatedAt, "the next attempt waits");

    }

    [Fact]
    public async Task After_the_last_attempt_the_message_fails_and_every_admin_is_told()
    {
        await using var desk = await Desk.AsAsync(_app, await fixture.NewHospitalAsync());
        await SaveSmtpAsync(desk, ClosedPort());
        var invoiceId = await NewInvoiceAsync(desk, "edu@mail.test");
        await desk.Services.GetRequiredService<InvoiceService>().RegisterPaymentAsync(invoiceId, PaymentMethod.Cash, 100m, null);

        var failed = await EventuallyAsync(desk, invoiceId, m => m.Status == OutboxStatus.Failed);

        Assert.Equal(3, failed.Attempts);
        Assert.Null(failed.NextAttemptAt);
        await using var db = await desk.Services.GetRequiredService<ClinicDbFactory>().CreateDbContextAsync();
        var admins = await (from u in db.Users
                            join ur in db.UserRoles on u.Id equals ur.UserId
                            join r in db.Roles on ur.RoleId equals r.Id
                            where u.IsActive && r.Name == Roles.Admin
                            select u.Id).Distinct().ToListAsync();
        // The admins' notifications are saved with the give-up itself: once the row reads Failed, they are there.
        var told = await db.Notifications.AsNoTracking().Where(n => n.MessageKey == "Notifications.OutboxGaveUp").Select(n => n.UserId).ToListAsync();

        Assert.NotEmpty(admins);
        Assert.Equal(admins.Order(), told.Order());

        // The admin's outbox page lists it as given up, with its attempts and no next attempt.
        IReadOnlyList<OutboxRow> listed = [];
        await desk.AsAdminAsync(async () => listed = await desk.Services.GetRequiredService<OutboxService>().ListAsync(OutboxStatus.Failed));
        var row = Assert.Single(listed);
        Assert.Equal((3, (DateTime?)null), (row.Attempts, row.NextAttemptAt));
    }

    private static async Task<Guid> NewInvoiceAsync(Desk desk, string? email)
    {
        var tutorId = await desk.Tutors.SaveAsync(null, new TutorInput { Name = $"Tutor {Guid.NewGuid():N}"[..20], Cpf = Desk.NewCpf(), Email = email });
        var invoices = desk.Services.GetRequiredService<InvoiceService>();
        var id = await invoices.CreateAsync(tutorId, await desk.NewPetAsync(tutorId));
        await invoices.AddItemAsync(id, "Consulta", ChargeKind.Consultation, 1, 100m);
        return id;
    }

    private static Task SaveSmtpAsync(Desk desk, int port) =>
        desk.AsAdminAsync(() => desk.Services.GetRequiredService<IntegrationSettingsService>().SaveSmtpAsync(new SmtpSettingsInput
        {
            Host = "127.0.0.1", Port = port, StartTls = false, FromAddress = "caixa@hospital.test", FromName = "Caixa",
        }));

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task ExecuteAsync(Desk desk, string sql)
    {
        await using var db = await desk.Services.GetRequiredService<ClinicDbFactory>().CreateDbContextAsync();
        await db.Database.ExecuteSqlRawAsync(sql);
    }

    private static async Task<(int Payments, int Receipts)> PaymentsAndReceiptsAsync(Desk desk, Guid invoiceId)
    {
        await using var db = await desk.Services.GetRequiredService<ClinicDbFactory>().CreateDbContextAsync();
        return (await db.Payments.CountAsync(p => p.InvoiceId == invoiceId), await db.OutboxMessages.CountAsync(m => m.InvoiceId == invoiceId));
    }

    private static async Task<List<OutboxMessage>> RowsAsync(Desk desk, Guid invoiceId)
    {
        await using var db = await desk.Services.GetRequiredService<ClinicDbFactory>().CreateDbContextAsync();
        return await db.OutboxMessages.AsNoTracking().Where(m => m.InvoiceId == invoiceId).ToListAsync();
    }

    private static async Task<OutboxMessage> EventuallyAsync(Desk desk, Guid invoiceId, Func<OutboxMessage, bool> condition)
    {
        OutboxMessage? last = null;
        for (var i = 0; i < 150; i++)
        {
            last = (await RowsAsync(desk, invoiceId)).SingleOrDefault();
            if (last is not null && condition(last))
            {
                return last;
            }

            await Task.Delay(100);
        }

        Assert.Fail($"the outbox row never got there: {last?.Status} after {last?.Attempts} attempts ({last?.Error})");
        return last!;
    }

    private async Task<HttpResponseMessage> PostWebhookAsync(string slug, string payload)
    {
        using var http = new HttpClient();
        using var content = new StringContent(payload, Encoding.UTF8, "application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{_app.BaseUrl}/{slug}/webhooks/stripe") { Content = content };
        request.Headers.Add("Stripe-Signature", StripeFixture.Sign(payload, StripeFixture.WebhookSecret(slug)));
        return await http.SendAsync(request);
    }
}

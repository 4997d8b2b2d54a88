using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using ClinicApp.Data.Billing;
using ClinicApp.Data.Common;
using ClinicApp.Data.Identity;
using ClinicApp.Data.Messaging;
using ClinicApp.Features.Invoices;
using ClinicApp.Features.Messaging;
using ClinicApp.Features.Settings;
using ClinicApp.Features.Tutors;
using ClinicApp.Infrastructure.Email;
using ClinicApp.Infrastructure.Realtime;
using ClinicApp.Tenancy;
using ClinicApp.Tests.Fakes;
using ClinicApp.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ClinicApp.Tests.Integration.Messaging;

/// <summary>The app pointed at a fake Twilio, with a quick outbox (2 s send timeout, sub-second backoff,
/// 4 attempts) and a public base URL (so messages carry the status callback). Each test adds its own
/// hospital and its own recipients, so scripted answers and settings never cross tests.</summary>
public sealed class WhatsAppAppFixture : IAsyncLifetime
{
    public const string PublicBaseUrl = "https://clinic.example.test";

    public FakeTwilio Twilio { get; private set; } = null!;

    public ClinicAppFactory App { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Twilio = await FakeTwilio.StartAsync();
        App = new ClinicAppFactory(new Dictionary<string, string?>
        {
            ["Demo:Seed"] = "false",
            ["Outbox:PollSeconds"] = "0.2",
            ["Outbox:SendTimeoutSeconds"] = "2",
            ["Outbox:FirstRetrySeconds"] = "0.3",
            ["Outbox:MaxAttempts"] = "4",
            ["Messaging:ApiBaseUrl"] = Twilio.BaseUrl,
            ["Messaging:PublicBaseUrl"] = PublicBaseUrl,
        });
        _ = App.BaseUrl;
    }

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        await Twilio.DisposeAsync();
    }

    public async Task<string> NewHospitalAsync()
    {
        var slug = $"wa-{Guid.NewGuid():N}"[..16];
        await App.Services.GetRequiredService<HospitalProvisioning>().AddAsync(slug, $"Hospital {slug}", $"admin@{slug}.vet", adminPassword: ClinicAppFactory.Password);
        return slug;
    }
}

/// <summary>Issue 12 items 4–5: WhatsApp messages leave through the outbox's one dispatcher with the Twilio SDK;
/// transient answers are retried (honouring Retry-After), permanent ones fail at once with Twilio's code and the
/// admins are told; nothing is sent twice; the status callback records delivery, signed or refused.</summary>
public sealed class WhatsAppDeliveryTests(WhatsAppAppFixture fixture) : IClassFixture<WhatsAppAppFixture>
{
    private const string Token = "0123456789abcdef0123456789abcdef";
    private static int _phones;

    private readonly ClinicAppFactory _app = fixture.App;
    private readonly FakeTwilio _twilio = fixture.Twilio;

    [Fact]
    public async Task A_message_leaves_through_the_sdk_with_sender_text_status_callback_and_the_account_s_credentials()
    {
        var (desk, sid) = await ConfiguredAsync();
        await using var _ = desk;
        var to = NewMobile();

        var id = await QueueAsync(desk, to, "Olá, Ana! Lembrete da consulta de Rex.");
        var sent = await EventuallyAsync(desk, id, m => m.Status == OutboxStatus.Sent);

        var request = Assert.Single(_twilio.RequestsTo(to));
        Assert.Equal(sid, request.AccountSid);
        Assert.Equal("whatsapp:+5511912345678", request.From);
        Assert.Equal("Olá, Ana! Lembrete da consulta de Rex.", request.Body);
        Assert.Null(request.ContentSid);
        Assert.Equal($"{WhatsAppAppFixture.PublicBaseUrl}/{desk.Hospital.Slug}/webhooks/twilio/status", request.StatusCallback);
        Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{sid}:{Token}")), request.Authorization);
        Assert.Equal(request.Sid, sent.ProviderId);
        Assert.StartsWith("SM", sent.ProviderId, StringComparison.Ordinal);
        Assert.Equal(1, sent.Attempts);
    }

    [Fact]
    public async Task An_approved_template_goes_as_content_sid_and_variables_through_the_messaging_service()
    {
        var service = "MG" + Guid.NewGuid().ToString("N");
        var (desk, _) = await ConfiguredAsync(from: null, service: service);
        await using var __ = desk;
        var to = NewMobile();

        var id = await QueueAsync(desk, to, "Olá, Ana!", contentSid: "HX0123456789abcdef0123456789abcdef", variables: """{"1":"Ana","2":"Rex"}""");
        await EventuallyAsync(desk, id, m => m.Status == OutboxStatus.Sent);

        var request = Assert.Single(_twilio.RequestsTo(to));
        Assert.Equal(service, request.MessagingServiceSid);
        Assert.Null(request.From);
        Assert.Equal("HX0123456789abcdef0123456789abcdef", request.ContentSid);
        Assert.Equal("""{"1":"Ana","2":"Rex"}""", request.ContentVariables);
        Assert.Null(request.Body);
    }

    [Fact]
    public async Task Twilio_answering_429_twice_then_201_sends_the_message_once_after_three_attempts()
    {
        var (desk, _) = await ConfiguredAsync();
        await using var _ = desk;
        var to = NewMobile();
        _twilio.ThenFor(to, TwilioScript.TooManyRequests(), TwilioScript.TooManyRequests());

        var id = await QueueAsync(desk, to, "três tentativas");
        var sent = await EventuallyAsync(desk, id, m => m.Status == OutboxStatus.Sent);

        Assert.Equal(3, sent.Attempts);
        Assert.Equal([429, 429, 201], _twilio.RequestsTo(to).Select(r => r.StatusCode));
        Assert.Single(_twilio.RequestsTo(to), r => r.StatusCode == 201);
    }

    [Fact]
    public async Task A_retry_after_longer_than_the_backoff_is_honoured()
    {
        var (desk, _) = await ConfiguredAsync();
        await using var _ = desk;
        var to = NewMobile();
        _twilio.ThenFor(to, TwilioScript.TooManyRequests(retryAfterSeconds: 3));

        var id = await QueueAsync(desk, to, "espere");
        var waiting = await EventuallyAsync(desk, id, m => m.Attempts == 1);

        Assert.Equal(OutboxStatus.Pending, waiting.Status);
        Assert.Contains("20429", waiting.Error, StringComparison.Ordinal);
        // The fixture's own backoff is ~0.3 s: the 3 s wait can only come from Retry-After.
        Assert.True(waiting.NextAttemptAt - waiting.UpdatedAt >= TimeSpan.FromSeconds(2.9), $"next attempt {waiting.NextAttemptAt:O}, updated {waiting.UpdatedAt:O}");
        var sent = await EventuallyAsync(desk, id, m => m.Status == OutboxStatus.Sent);
        Assert.Equal(2, sent.Attempts);
    }

    [Fact]
    public async Task A_500_is_retried_and_the_message_then_sent_once()
    {
        var (desk, _) = await ConfiguredAsync();
        await using var _ = desk;
        var to = NewMobile();
        _twilio.ThenFor(to, TwilioScript.ServerError());

        var id = await QueueAsync(desk, to, "depois de um 500");
        var sent = await EventuallyAsync(desk, id, m => m.Status == OutboxStatus.Sent);

        Assert.Equal(2, sent.Attempts);
        Assert.Equal([500, 201], _twilio.RequestsTo(to).Select(r => r.StatusCode));
    }

    [Fact]
    public async Task Twilio_not_answering_times_the_attempt_out_and_the_next_one_sends_it()
    {
        var (desk, _) = await ConfiguredAsync();
        await using var _ = desk;
        var to = NewMobile();
        _twilio.ThenFor(to, TwilioScript.Hang());

        var id = await QueueAsync(desk, to, "depois do silêncio");
        var timedOut = await EventuallyAsync(desk, id, m => m.Attempts >= 1);
        Assert.Contains("No answer", timedOut.Error ?? "sent at once", StringComparison.Ordinal);

        var sent = await EventuallyAsync(desk, id, m => m.Status == OutboxStatus.Sent);
        Assert.Equal(2, sent.Attempts);
        Assert.Single(_twilio.RequestsTo(to), r => r.StatusCode == 201);
    }

    [Fact]
    public async Task An_invalid_number_fails_at_once_with_twilio_s_code_and_every_admin_is_told()
    {
        var (desk, _) = await ConfiguredAsync();
        await using var _ = desk;
        var to = NewMobile();
        _twilio.ThenFor(to, TwilioScript.Refuse(21211, "The 'To' number is not a valid phone number."));

        var id = await QueueAsync(desk, to, "número inválido");
        var failed = await EventuallyAsync(desk, id, m => m.Status == OutboxStatus.Failed);

        Assert.Equal(1, failed.Attempts);
        Assert.Equal("21211", failed.ProviderErrorCode);
        Assert.Null(failed.NextAttemptAt);
        Assert.Single(_twilio.RequestsTo(to));
        await using var db = await desk.Services.GetRequiredService<ClinicDbFactory>().CreateDbContextAsync();
        var admins = await (from u in db.Users
                            join ur in db.UserRoles on u.Id equals ur.UserId
                            join r in db.Roles on ur.RoleId equals r.Id
                            where u.IsActive && r.Name == Roles.Admin
                            select u.Id).Distinct().ToListAsync();
        var told = await db.Notifications.AsNoTracking().Where(n => n.MessageKey == "Notifications.OutboxGaveUp").Select(n => n.UserId).ToListAsync();
        Assert.NotEmpty(admins);
        Assert.Equal(admins.Order(), told.Order());
    }

    [Fact]
    public async Task Smtp_not_answering_does_not_hold_up_the_hospital_s_whatsapp_messages()
    {
        await using var silent = new SilentSmtpServer();
        var (desk, _) = await ConfiguredAsync();
        await using var _ = desk;
        await desk.AsAdminAsync(() => desk.Services.GetRequiredService<IntegrationSettingsService>().SaveSmtpAsync(new SmtpSettingsInput
        {
            Host = "127.0.0.1", Port = silent.Port, StartTls = false, FromAddress = "caixa@hospital.test",
        }));
        // More receipts than the lane sends at once, each waiting the whole 2 s timeout.
        var invoices = desk.Services.GetRequiredService<InvoiceService>();
        for (var i = 0; i < 10; i++)
        {
            var tutorId = await desk.Tutors.SaveAsync(null, new TutorInput { Name = $"Tutor {Guid.NewGuid():N}"[..20], Cpf = Desk.NewCpf(), Email = $"t{i}@mail.test" });
            var invoiceId = await invoices.CreateAsync(tutorId, await desk.NewPetAsync(tutorId));
            await invoices.AddItemAsync(invoiceId, "Consulta", ChargeKind.Consultation, 1, 100m);
            await invoices.RegisterPaymentAsync(invoiceId, PaymentMethod.Cash, 100m, null);
        }

        await WaitUntilAsync(() => silent.Connections >= 1);
        var clock = Stopwatch.StartNew();
        var to = NewMobile();
        var id = await QueueAsync(desk, to, "o WhatsApp não espera o SMTP");
        var sent = await EventuallyAsync(desk, id, m => m.Status == OutboxStatus.Sent);
        clock.Stop();

        await using (var db = await desk.Services.GetRequiredService<ClinicDbFactory>().CreateDbContextAsync())
        {
            // Sent while e-mails queued before it still wait for their first attempt: it did not queue behind
            // them (in one shared lane it would have waited for all ten 2 s timeouts, 4 at a time).
            var untried = await db.OutboxMessages.CountAsync(m => m.Channel == OutboxChannel.Email && m.Status == OutboxStatus.Pending && m.Attempts == 0);
            Assert.True(untried >= 1, $"every e-mail was tried first; the WhatsApp message waited {clock.Elapsed}");
            Assert.Equal(0, await db.OutboxMessages.CountAsync(m => m.Channel == OutboxChannel.Email && m.Status != OutboxStatus.Pending));
        }

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(4), $"the WhatsApp message waited {clock.Elapsed}");
        Assert.Equal(1, sent.Attempts);
    }

    [Fact]
    public async Task Two_workers_dispatching_the_same_queue_send_each_attempt_of_a_message_once()
    {
        var (desk, _) = await ConfiguredAsync();
        await using var _ = desk;
        var recipients = Enumerable.Range(0, 40).Select(_ => NewMobile()).ToList();
        await using (var db = await desk.Services.GetRequiredService<ClinicDbFactory>().CreateDbContextAsync())
        {
            foreach (var to in recipients)
            {
                WhatsAppOutbox.Add(db, Draft(to, "concorrência"));
            }

            await db.SaveChangesAsync();
        }

        // Two more dispatchers (as two app instances would) race the app's own for the same rows.
        var scopes = _app.Services.GetRequiredService<TenantScopes>();
        await Task.WhenAll(Enumerable.Range(0, 2).Select(async _ =>
        {
            await using var scope = scopes.Create(desk.Hospital, "outbox");
            await scope.ServiceProvider.GetRequiredService<OutboxWorker>().RunLaneAsync(OutboxChannel.WhatsApp, CancellationToken.None);
        }));
        await WaitUntilAsync(async () =>
        {
            await using var db = await desk.Services.GetRequiredService<ClinicDbFactory>().CreateDbContextAsync();
            return await db.OutboxMessages.CountAsync(m => recipients.Contains(m.To) && m.Status == OutboxStatus.Sent) == recipients.Count;
        });

        // One request per recorded attempt. A message two dispatchers both sent would show two requests and one
        // attempt (the second dispatcher cannot mark a sent message again); the only honest second request is a
        // retry after an answer slower than this class's 2 s send timeout (a loaded machine), recorded as attempt 2.
        await using (var db = await desk.Services.GetRequiredService<ClinicDbFactory>().CreateDbContextAsync())
        {
            var attempts = await db.OutboxMessages.Where(m => recipients.Contains(m.To)).ToDictionaryAsync(m => m.To, m => m.Attempts);
            Assert.All(recipients, to => Assert.Equal(attempts[to], _twilio.RequestsTo(to).Count));
            Assert.True(attempts.Values.Count(a => a == 1) >= recipients.Count / 2, "most messages went at the first attempt");
        }
    }

    [Fact]
    public async Task Without_an_account_the_message_is_kept_as_text_in_the_outbox_folder_and_listed()
    {
        var slug = await fixture.NewHospitalAsync();
        await using var desk = await Desk.AsAsync(_app, slug);
        var to = NewMobile();

        var id = await QueueAsync(desk, to, "Olá, Bia! Guardada sem Twilio.");
        var kept = await EventuallyAsync(desk, id, m => m.Status == OutboxStatus.Kept);

        Assert.Empty(_twilio.RequestsTo(to));
        IReadOnlyList<OutboxRow> rows = [];
        string? file = null;
        await desk.AsAdminAsync(async () =>
        {
            var outbox = desk.Services.GetRequiredService<OutboxService>();
            rows = await outbox.ListAsync(OutboxStatus.Kept);
            file = await outbox.FileAsync(id);
        });
        var row = Assert.Single(rows);
        Assert.Equal((OutboxChannel.WhatsApp, to, true), (row.Channel, row.To, row.HasFile));
        Assert.EndsWith(".txt", kept.File, StringComparison.Ordinal);
        var text = await File.ReadAllTextAsync(file!);
        Assert.Contains($"To: {to}", text, StringComparison.Ordinal);
        Assert.Contains("Olá, Bia! Guardada sem Twilio.", text, StringComparison.Ordinal);
        Assert.Equal("text/plain; charset=utf-8", OutboxService.ContentType(file!));
    }

    [Fact]
    public async Task The_status_callback_records_delivery_forward_only_and_tells_live_screens()
    {
        var (desk, _) = await ConfiguredAsync();
        await using var _ = desk;
        var to = NewMobile();
        var id = await QueueAsync(desk, to, "status");
        var sent = await EventuallyAsync(desk, id, m => m.Status == OutboxStatus.Sent);
        var published = new List<MessageStatusChanged>();
        using var subscription = _app.Services.GetRequiredService<IEventBus>().Subscribe<MessageStatusChanged>(desk.Hospital.Id, e =>
        {
            lock (published)
            {
                published.Add(e);
            }

            return Task.CompletedTask;
        });

        Assert.Equal(HttpStatusCode.OK, await PostStatusAsync(desk.Hospital.Slug, sent.ProviderId!, "delivered"));
        Assert.Equal(DeliveryStatus.Delivered, (await RowAsync(desk, id)).Delivery);
        // A late "sent" never moves it back.
        Assert.Equal(HttpStatusCode.OK, await PostStatusAsync(desk.Hospital.Slug, sent.ProviderId!, "sent"));
        Assert.Equal(DeliveryStatus.Delivered, (await RowAsync(desk, id)).Delivery);
        Assert.Equal(HttpStatusCode.OK, await PostStatusAsync(desk.Hospital.Slug, sent.ProviderId!, "read"));

        var read = await RowAsync(desk, id);
        Assert.Equal(DeliveryStatus.Read, read.Delivery);
        Assert.NotNull(read.DeliveryUpdatedAt);
        lock (published)
        {
            Assert.Equal(2, published.Count(e => e.MessageId == id));
        }
    }

    [Fact]
    public async Task An_undelivered_report_keeps_twilio_s_error_code()
    {
        var (desk, _) = await ConfiguredAsync();
        await using var _ = desk;
        var id = await QueueAsync(desk, NewMobile(), "fora da janela");
        var sent = await EventuallyAsync(desk, id, m => m.Status == OutboxStatus.Sent);

        Assert.Equal(HttpStatusCode.OK, await PostStatusAsync(desk.Hospital.Slug, sent.ProviderId!, "undelivered", errorCode: "63016"));

        var row = await RowAsync(desk, id);
        Assert.Equal((DeliveryStatus.Undelivered, "63016"), (row.Delivery, row.ProviderErrorCode));
    }

    [Fact]
    public async Task A_bad_or_missing_signature_is_refused_with_403_and_nothing_is_stored()
    {
        var (desk, _) = await ConfiguredAsync();
        await using var _ = desk;
        var id = await QueueAsync(desk, NewMobile(), "assinatura");
        var sent = await EventuallyAsync(desk, id, m => m.Status == OutboxStatus.Sent);

        Assert.Equal(HttpStatusCode.Forbidden, await PostStatusAsync(desk.Hospital.Slug, sent.ProviderId!, "delivered", signature: "bm90IGEgc2lnbmF0dXJl"));
        Assert.Equal(HttpStatusCode.Forbidden, await PostStatusAsync(desk.Hospital.Slug, sent.ProviderId!, "delivered", signature: ""));
        Assert.Equal(HttpStatusCode.Forbidden, await PostStatusAsync(desk.Hospital.Slug, sent.ProviderId!, "delivered", token: "ffffffffffffffffffffffffffffffff"));

        Assert.Null((await RowAsync(desk, id)).Delivery);
    }

    [Fact]
    public async Task An_unknown_sid_or_another_hospital_s_message_is_answered_200_and_changes_nothing()
    {
        var (desk, _) = await ConfiguredAsync();
        await using var _ = desk;
        var (other, __) = await ConfiguredAsync();
        await using var ___ = other;
        var id = await QueueAsync(desk, NewMobile(), "de outro hospital");
        var sent = await EventuallyAsync(desk, id, m => m.Status == OutboxStatus.Sent);

        Assert.Equal(HttpStatusCode.OK, await PostStatusAsync(desk.Hospital.Slug, "SM" + Guid.NewGuid().ToString("N"), "delivered"));
        // Validly signed for the other hospital, naming this hospital's message: its database has no such message.
        Assert.Equal(HttpStatusCode.OK, await PostStatusAsync(other.Hospital.Slug, sent.ProviderId!, "delivered"));

        Assert.Null((await RowAsync(desk, id)).Delivery);
    }

    private async Task<(Desk Desk, string Sid)> ConfiguredAsync(string? from = "whatsapp:+5511912345678", string? service = null)
    {
        var desk = await Desk.AsAsync(_app, await fixture.NewHospitalAsync());
        var sid = "AC" + Guid.NewGuid().ToString("N");
        await desk.AsAdminAsync(() => desk.Services.GetRequiredService<MessagingSettingsService>().SaveAsync(new TwilioSettingsInput
        {
            AccountSid = sid, AuthToken = Token, WhatsAppFrom = from, MessagingServiceSid = service,
        }));
        return (desk, sid);
    }

    private static string NewMobile() =>
        $"whatsapp:+55119{Interlocked.Increment(ref _phones) % 100_000_000:D8}";

    private static WhatsAppDraft Draft(string to, string text, string? contentSid = null, string? variables = null) =>
        new(Guid.NewGuid(), to, MessageKind.Manual, new RenderedMessage(text, contentSid, variables));

    private static async Task<Guid> QueueAsync(Desk desk, string to, string text, string? contentSid = null, string? variables = null)
    {
        await using var db = await desk.Services.GetRequiredService<ClinicDbFactory>().CreateDbContextAsync();
        var row = WhatsAppOutbox.Add(db, Draft(to, text, contentSid, variables));
        await db.SaveChangesAsync();
        desk.Services.GetRequiredService<WhatsAppOutbox>().Wake();
        return row.Id;
    }

    private static async Task<OutboxMessage> RowAsync(Desk desk, Guid id)
    {
        await using var db = await desk.Services.GetRequiredService<ClinicDbFactory>().CreateDbContextAsync();
        return await db.OutboxMessages.AsNoTracking().SingleAsync(m => m.Id == id);
    }

    private static async Task<OutboxMessage> EventuallyAsync(Desk desk, Guid id, Func<OutboxMessage, bool> condition)
    {
        OutboxMessage? last = null;
        for (var i = 0; i < 200; i++)
        {
            last = await RowAsync(desk, id);
            if (condition(last))
            {
                return last;
            }

            await Task.Delay(50);
        }

        Assert.Fail($"the outbox row never got there: {last?.Status} after {last?.Attempts} attempts ({last?.Error})");
        return last!;
    }

    private static Task WaitUntilAsync(Func<bool> condition) => WaitUntilAsync(() => Task.FromResult(condition()));

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        for (var i = 0; i < 300; i++)
        {
            if (await condition())
            {
                return;
            }

            await Task.Delay(50);
        }

        Assert.Fail("the condition never held");
    }

    /// <summary>Posts Twilio's status callback, signed (with <paramref name="token"/>) against the public URL
    /// Twilio would have called, or with the given <paramref name="signature"/> ("" = no header).</summary>
    private async Task<HttpStatusCode> PostStatusAsync(string slug, string messageSid, string status, string? errorCode = null, string? signature = null, string token = Token)
    {
        var form = new Dictionary<string, string>
        {
            ["MessageSid"] = messageSid,
            ["MessageStatus"] = status,
            ["AccountSid"] = "AC" + new string('0', 32),
            ["To"] = "whatsapp:+5511900000000",
        };
        if (errorCode is not null)
        {
            form["ErrorCode"] = errorCode;
        }

        signature ??= TwilioWebhookSigner.Sign($"{WhatsAppAppFixture.PublicBaseUrl}/{slug}/webhooks/twilio/status", form, token);
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{_app.BaseUrl}/{slug}/webhooks/twilio/status") { Content = new FormUrlEncodedContent(form) };
        if (signature.Length > 0)
        {
            request.Headers.Add(TwilioSignatures.Header, signature);
        }

        using var response = await http.SendAsync(request);
        return response.StatusCode;
    }
}

/// <summary>Issue 12 item 1: the Twilio card's service. Admin only, validated with the user's messages,
/// the token write-only and encrypted, the reminder rules of the same row untouched.</summary>
public sealed class MessagingSettingsTests(WhatsAppAppFixture fixture) : IClassFixture<WhatsAppAppFixture>
{
    private readonly ClinicAppFactory _app = fixture.App;

    [Fact]
    public async Task Only_an_admin_reads_saves_or_sends_a_test()
    {
        await using var desk = await Desk.AsAsync(_app, await fixture.NewHospitalAsync());
        var service = desk.Services.GetRequiredService<MessagingSettingsService>();

        Assert.Equal("Common.Error.NotAllowed", (await Assert.ThrowsAsync<DomainRuleException>(() => service.GetAsync())).Message);
        Assert.Equal("Common.Error.NotAllowed", (await Assert.ThrowsAsync<DomainRuleException>(() => service.SaveAsync(Valid()))).Message);
        Assert.Equal("Common.Error.NotAllowed", (await Assert.ThrowsAsync<DomainRuleException>(() => service.SendTestAsync("(11) 98765-4321", "teste"))).Message);
        Assert.Null((await desk.Services.GetRequiredService<TwilioAccounts>().SettingsAsync()).TwilioAccountSid);
    }

    [Theory]
    [InlineData("AC123", null, null, null, "Integrations.Twilio.Error.AccountSid")]
    [InlineData(null, "short", null, null, "Integrations.Twilio.Error.AuthToken")]
    [InlineData(null, null, "whatsapp:5511", null, "Integrations.Twilio.Error.From")]
    [InlineData(null, null, null, "MGxyz", "Integrations.Twilio.Error.ServiceSid")]
    public async Task Bad_input_is_refused_with_its_message_and_nothing_is_stored(string? sid, string? token, string? from, string? service, string key)
    {
        await using var desk = await Desk.AsAsync(_app, await fixture.NewHospitalAsync());
        var input = Valid();
        input.AccountSid = sid ?? input.AccountSid;
        input.AuthToken = token ?? input.AuthToken;
        input.WhatsAppFrom = from ?? input.WhatsAppFrom;
        input.MessagingServiceSid = service ?? input.MessagingServiceSid;

        DomainRuleException? refused = null;
        await desk.AsAdminAsync(async () => refused = await Assert.ThrowsAsync<DomainRuleException>(
            () => desk.Services.GetRequiredService<MessagingSettingsService>().SaveAsync(input)));

        Assert.Equal(key, refused!.Message);
        Assert.Null((await desk.Services.GetRequiredService<TwilioAccounts>().SettingsAsync()).TwilioAccountSid);
    }

    [Fact]
    public async Task An_account_without_token_or_sender_is_refused()
    {
        await using var desk = await Desk.AsAsync(_app, await fixture.NewHospitalAsync());
        var service = desk.Services.GetRequiredService<MessagingSettingsService>();
        var noToken = Valid();
        noToken.AuthToken = null;
        var noSender = Valid();
        noSender.WhatsAppFrom = null;

        await desk.AsAdminAsync(async () =>
        {
            Assert.Equal("Integrations.Twilio.Error.AuthTokenRequired", (await Assert.ThrowsAsync<DomainRuleException>(() => service.SaveAsync(noToken))).Message);
            Assert.Equal("Integrations.Twilio.Error.Sender", (await Assert.ThrowsAsync<DomainRuleException>(() => service.SaveAsync(noSender))).Message);
        });
    }

    [Fact]
    public async Task The_token_is_stored_encrypted_never_shown_back_kept_when_left_empty_and_the_reminder_rules_stay()
    {
        await using var desk = await Desk.AsAsync(_app, await fixture.NewHospitalAsync());
        var service = desk.Services.GetRequiredService<MessagingSettingsService>();
        await using (var db = await desk.Services.GetRequiredService<ClinicDbFactory>().CreateDbContextAsync())
        {
            db.MessagingSettings.Add(new MessagingSettings { ReminderLeadHours = "48", VaccinationLeadDays = 3, AttendanceReportHour = 18 });
            await db.SaveChangesAsync();
        }

        var input = Valid();
        input.WhatsAppFrom = "+55 11 91234-5678".Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
        TwilioSettingsInput shown = null!;
        await desk.AsAdminAsync(async () =>
        {
            await service.SaveAsync(input);
            shown = await service.GetAsync();
            // Saved again with the token left empty: the stored one is kept.
            shown.WhatsAppFrom = "whatsapp:+5511912340000";
            await service.SaveAsync(shown);
        });

        Assert.Null(shown.AuthToken);
        Assert.True(shown.HasAuthToken);
        var settings = await desk.Services.GetRequiredService<TwilioAccounts>().SettingsAsync();
        Assert.DoesNotContain(input.AuthToken!, settings.TwilioAuthTokenProtected, StringComparison.Ordinal);
        var account = await desk.Services.GetRequiredService<TwilioAccounts>().CurrentAsync();
        Assert.Equal((input.AccountSid, input.AuthToken, "whatsapp:+5511912340000"), (account!.AccountSid, account.AuthToken, account.WhatsAppFrom));
        Assert.Equal(("48", 3, 18), (settings.ReminderLeadHours, settings.VaccinationLeadDays, settings.AttendanceReportHour));
    }

    [Fact]
    public async Task A_test_message_is_queued_to_the_typed_mobile_and_a_landline_is_refused()
    {
        await using var desk = await Desk.AsAsync(_app, await fixture.NewHospitalAsync());
        var service = desk.Services.GetRequiredService<MessagingSettingsService>();
        string to = "";
        DomainRuleException? landline = null;
        await desk.AsAdminAsync(async () =>
        {
            to = await service.SendTestAsync("(11) 98765-4321", "Mensagem de teste");
            landline = await Assert.ThrowsAsync<DomainRuleException>(() => service.SendTestAsync("(11) 3456-7890", "Mensagem de teste"));
        });

        Assert.Equal("whatsapp:+5511987654321", to);
        Assert.Equal("Integrations.Twilio.Error.TestMobile", landline!.Message);
        await using var db = await desk.Services.GetRequiredService<ClinicDbFactory>().CreateDbContextAsync();
        var row = await db.OutboxMessages.AsNoTracking().SingleAsync();
        Assert.Equal((OutboxChannel.WhatsApp, to, nameof(MessageKind.Test), "Mensagem de teste"), (row.Channel, row.To, row.Kind, row.Body));
    }

    private static TwilioSettingsInput Valid() => new()
    {
        AccountSid = "AC" + Guid.NewGuid().ToString("N"),
        AuthToken = "0123456789abcdef0123456789abcdef",
        WhatsAppFrom = "whatsapp:+5511912345678",
    };
}

using System.Security.Cryptography;
using System.Text;
using ClinicApp.Data.Billing;
using ClinicApp.Data.FrontDesk;
using ClinicApp.Data.Identity;
using ClinicApp.Data.Messaging;
using ClinicApp.Features.Messaging;
using ClinicApp.Features.Reminders;
using ClinicApp.Tenancy;
using ClinicApp.Tests.Support;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ClinicApp.Tests.Integration.Replies;

/// <summary>The app with a Twilio account for aurora and boavista (each its own auth token), and the
/// tools to post Twilio's inbound webhook signed as Twilio signs it. Twilio's API address points at a
/// closed loopback port: nothing a test queues ever leaves the machine.</summary>
public sealed class RepliesFixture : IAsyncLifetime
{
    public ClinicAppFactory App { get; } = new(new Dictionary<string, string?> { ["Messaging:ApiBaseUrl"] = "http://127.0.0.1:9" });

    public string BaseUrl { get; private set; } = "";

    public static string AuthToken(string slug) => $"auth-token-of-{slug}-0123456789";

    public async Task InitializeAsync()
    {
        BaseUrl = App.BaseUrl;
        foreach (var slug in new[] { "aurora", "boavista" })
        {
            await ConfigureTwilioAsync(App, slug, AuthToken(slug));
        }
    }

    public async Task DisposeAsync() => await App.DisposeAsync();

    /// <summary>Writes the hospital's messaging settings with an (encrypted) auth token; null removes the account.</summary>
    public static async Task ConfigureTwilioAsync(ClinicAppFactory app, string slug, string? token)
    {
        await using var scope = await new TestUsers(app).ScopeAsync(slug);
        await using var db = await scope.ServiceProvider.GetRequiredService<ClinicDbFactory>().CreateDbContextAsync();
        var settings = await db.MessagingSettings.FirstOrDefaultAsync();
        if (settings is null)
        {
            settings = new MessagingSettings();
            db.MessagingSettings.Add(settings);
        }

        settings.TwilioAccountSid = token is null ? null : "AC" + new string('0', 32);
        settings.TwilioAuthTokenProtected = token is null ? null : scope.ServiceProvider.GetRequiredService<TwilioAccounts>().Protector.Protect(token);
        settings.WhatsAppFrom = token is null ? null : "whatsapp:+14155238886";
        await db.SaveChangesAsync();
    }

    /// <summary>Twilio's signature: HMAC-SHA1 with the auth token over the URL followed by every
    /// parameter's name and value, sorted by name, in Base64.</summary>
    public static string Sign(string url, IReadOnlyDictionary<string, string> form, string token)
    {
        var data = new StringBuilder(url);
        foreach (var (key, value) in form.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            data.Append(key).Append(value);
        }

#pragma warning disable CA5350 // Twilio's signature scheme is HMAC-SHA1: the test must sign as Twilio does.
        return Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(token), Encoding.UTF8.GetBytes(data.ToString())));
#pragma warning restore CA5350
    }

    public static Dictionary<string, string> Form(string messageSid, string phone, string? body, string? buttonPayload = null)
    {
        var form = new Dictionary<string, string>
        {
            ["MessageSid"] = messageSid,
            ["SmsMessageSid"] = messageSid,
            ["AccountSid"] = "AC" + new string('0', 32),
            ["From"] = WhatsAppNumbers.Prefix + phone,
            ["To"] = "whatsapp:+14155238886",
            ["NumMedia"] = "0",
        };
        if (body is not null)
        {
            form["Body"] = body;
        }

        if (buttonPayload is not null)
        {
            form["ButtonPayload"] = buttonPayload;
            form["ButtonText"] = buttonPayload;
        }

        return form;
    }

    public static string NewSid() => $"SM{Guid.NewGuid():N}";

    /// <summary>Posts the form to the hospital's webhook, signed with <paramref name="token"/> (the hospital's own by default;
    /// an empty string sends no signature).</summary>
    public async Task<HttpResponseMessage> PostAsync(string slug, IReadOnlyDictionary<string, string> form, string? token = null)
    {
        var url = $"{BaseUrl}/{slug}/webhooks/twilio";
        using var client = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new FormUrlEncodedContent(form) };
        token ??= AuthToken(slug);
        if (token.Length > 0)
        {
            request.Headers.Add("X-Twilio-Signature", Sign(url, form, token));
        }

        return await client.SendAsync(request);
    }

    /// <summary>A tutor with a WhatsApp mobile and reminders consent, a pet, and an appointment of their own
    /// veterinarian <paramref name="fromNow"/> from now (written straight to the database so that a
    /// passed one can be made too), whose reminder was sent (when <paramref name="reminded"/>).</summary>
    public async Task<Reminded> RemindedAsync(string slug, TimeSpan fromNow, string? phone = null, bool reminded = true)
    {
        await using var desk = await Desk.AsAsync(App, slug, Roles.Receptionist);
        phone ??= NewPhone();
        var tutorId = await desk.NewTutorAsync(phone: phone);
        var petId = await desk.NewPetAsync(tutorId);
        var vetId = await desk.NewVetAsync();
        await using var db = await desk.Services.GetRequiredService<ClinicDbFactory>().CreateDbContextAsync();
        var tutor = await db.Tutors.SingleAsync(t => t.Id == tutorId);
        tutor.WhatsAppOptIn = true;
        tutor.RemindersConsentAt = desk.Time.UtcNow.AddDays(-30);
        var now = desk.Time.UtcNow;
        var start = new DateTime(now.Ticks - (now.Ticks % TimeSpan.FromMinutes(5).Ticks), DateTimeKind.Utc).Add(fromNow);
        var appointment = new Appointment { PetId = petId, TutorId = tutorId, VeterinarianId = vetId, Type = AppointmentType.Consultation };
        appointment.SetTime(start, 30);
        appointment.Open(now);
        appointment.SyncSlots();
        db.Appointments.Add(appointment);
        if (reminded)
        {
            var reminder = new OutboxMessage
            {
                Channel = OutboxChannel.WhatsApp,
                To = WhatsAppNumbers.Prefix + tutor.Phone,
                Subject = "reminder",
                Body = "Responda 1 para confirmar ou 2 para cancelar.",
                Kind = nameof(MessageKind.AppointmentReminder),
                TutorId = tutorId,
                AppointmentId = appointment.Id,
                ReminderKey = ReminderKeys.Appointment(appointment.Id, 24, appointment.Start),
            };
            reminder.MarkSent($"SM{Guid.NewGuid():N}", now.AddMinutes(-10));
            db.OutboxMessages.Add(reminder);
        }

        await db.SaveChangesAsync();
        return new Reminded(tutorId, appointment.Id, tutor.Phone!);
    }

    /// <summary>A Brazilian mobile (E.164) no other test uses.</summary>
    public static string NewPhone() => $"+55119{Random.Shared.Next(10_000_000, 99_999_999)}";

    public async Task<T> ReadAsync<T>(string slug, Func<ClinicApp.Data.ClinicDbContext, Task<T>> read)
    {
        await using var scope = await new TestUsers(App).ScopeAsync(slug);
        await using var db = await scope.ServiceProvider.GetRequiredService<ClinicDbFactory>().CreateDbContextAsync();
        return await read(db);
    }

    public Task<Appointment> AppointmentAsync(string slug, Guid id) =>
        ReadAsync(slug, db => db.Appointments.AsNoTracking().Include(a => a.Slots).SingleAsync(a => a.Id == id));

    public Task<List<InboundMessage>> InboundAsync(string slug, string messageSid) =>
        ReadAsync(slug, db => db.InboundMessages.AsNoTracking().Where(m => m.MessageSid == messageSid).ToListAsync());

    /// <summary>A new receptionist of the hospital (to see what reception is told).</summary>
    public async Task<Guid> ReceptionistAsync(string slug)
    {
        await using var desk = await Desk.AsAsync(App, slug, Roles.Receptionist);
        return await desk.NewUserAsync(Roles.Receptionist);
    }

    public Task<List<ClinicApp.Data.Clinical.Notification>> NotificationsAsync(string slug, Guid userId) =>
        ReadAsync(slug, db => db.Notifications.AsNoTracking().Where(n => n.UserId == userId).ToListAsync());
}

public sealed record Reminded(Guid TutorId, Guid AppointmentId, string Phone);

[CollectionDefinition(Name)]
public sealed class RepliesCollection : ICollectionFixture<RepliesFixture>
{
    public const string Name = "replies";
}

using System.Diagnostics;
using System.Globalization;
using ClinicApp.Data.Billing;
using ClinicApp.Data.Messaging;
using ClinicApp.Features.Messaging;
using ClinicApp.Tenancy;
using ClinicApp.Tests.Fakes;
using ClinicApp.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

using static ClinicApp.Tests.Benchmarks.BenchmarkTiming;

namespace ClinicApp.Tests.Benchmarks;

/// <summary>Issue 12's dispatch figure: <c>--messages</c> (1,000) WhatsApp messages queued in one hospital are
/// dispatched by the app's own outbox dispatcher to the fake Twilio on loopback; prints messages per second
/// (target ≥ 50/s) and fails below it or on any duplicate (requests counted per recipient). Not part of the
/// test run (Category=Benchmark): <c>scripts/bench-messages.sh [--messages N]</c>.</summary>
[Trait("Category", "Benchmark")]
public sealed class MessagesBenchmark(ITestOutputHelper output)
{
    [Fact]
    public async Task Dispatch_of_queued_whatsapp_messages()
    {
        var args = Arguments("--messages");
        var count = Option(args, "--messages", 1000);
        await using var twilio = await FakeTwilio.StartAsync();
        await using var app = new ClinicAppFactory(new Dictionary<string, string?>
        {
            ["Demo:Seed"] = "false",
            ["Messaging:ApiBaseUrl"] = twilio.BaseUrl,
            ["Messaging:PublicBaseUrl"] = "https://clinic.example.test",
        });
        _ = app.BaseUrl;
        const string slug = "bench-msg";
        await app.Services.GetRequiredService<HospitalProvisioning>().AddAsync(slug, "Hospital Benchmark", "admin@bench-msg.vet", adminPassword: ClinicAppFactory.Password);
        await using var desk = await Desk.AsAsync(app, slug);
        await desk.AsAdminAsync(() => desk.Services.GetRequiredService<MessagingSettingsService>().SaveAsync(new TwilioSettingsInput
        {
            AccountSid = "AC" + Guid.NewGuid().ToString("N"),
            AuthToken = "0123456789abcdef0123456789abcdef",
            WhatsAppFrom = "whatsapp:+5511912345678",
        }));

        var dbFactory = desk.Services.GetRequiredService<ClinicDbFactory>();
        await using (var db = await dbFactory.CreateDbContextAsync())
        {
            for (var i = 0; i < count; i++)
            {
                WhatsAppOutbox.Add(db, new WhatsAppDraft(Guid.NewGuid(), $"whatsapp:+55119{i:D8}", MessageKind.AppointmentReminder,
                    new RenderedMessage($"Olá! Lembrete da consulta {i} amanhã às 10:00. Responda 1 para confirmar ou 2 para cancelar.", null, null),
                    ReminderKey: $"bench:{i}"));
            }

            await db.SaveChangesAsync();
        }

        var clock = Stopwatch.StartNew();
        desk.Services.GetRequiredService<WhatsAppOutbox>().Wake();
        var sent = 0;
        while (clock.Elapsed < TimeSpan.FromMinutes(5))
        {
            await using var db = await dbFactory.CreateDbContextAsync();
            sent = await db.OutboxMessages.CountAsync(m => m.Channel == OutboxChannel.WhatsApp && m.Status == OutboxStatus.Sent);
            if (sent >= count)
            {
                break;
            }

            await Task.Delay(20);
        }

        clock.Stop();
        var perRecipient = twilio.Requests.GroupBy(r => r.To).Select(g => g.Count()).ToList();
        var duplicates = perRecipient.Sum(n => n - 1);
        var rate = sent / clock.Elapsed.TotalSeconds;
        Print($"dispatch: {sent} of {count} WhatsApp messages sent in {clock.Elapsed.TotalSeconds:F2} s = {rate:F0} messages/s (target >= 50/s); {twilio.Requests.Count} requests, {duplicates} duplicates; machine {Environment.ProcessorCount} cores");

        Assert.Equal(count, sent);
        Assert.Equal(0, duplicates);
        Assert.Equal(count, perRecipient.Count);
        Assert.True(rate >= 50, $"{rate:F0} messages/s, target >= 50/s");
    }

    private void Print(FormattableString line) => output.WriteLine(line.ToString(CultureInfo.InvariantCulture));
}

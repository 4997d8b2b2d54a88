using ClinicApp.Data.Billing;
using ClinicApp.Data.Clinical;
using ClinicApp.Data.Identity;
using ClinicApp.Data.Messaging;
using ClinicApp.Features.Exams;
using ClinicApp.Features.Hospitalizations;
using ClinicApp.Features.Invoices;
using ClinicApp.Features.Messaging;
using ClinicApp.Features.Payments;
using ClinicApp.Tenancy;
using ClinicApp.Tests.Integration.Replies;
using ClinicApp.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ClinicApp.Tests.Integration.Messaging;

/// <summary>What the hospital does that the tutor hears of by WhatsApp: the payment link (on the desk's
/// request), the exam result, the discharge. Queued with its cause, only to a tutor who can be reached.</summary>
[Collection(RepliesCollection.Name)]
public sealed class TutorWhatsAppTriggerTests(RepliesFixture fixture)
{
    [Fact]
    public async Task The_desk_sends_the_payment_link_by_whatsapp_to_a_reachable_tutor()
    {
        await using var desk = await Desk.AsAsync(fixture.App, "aurora", Roles.Receptionist);
        var (tutorId, petId, phone) = await TutorAsync(desk, reachable: true);
        var invoiceId = await InvoiceAsync(desk, tutorId, petId);

        var sent = await desk.Services.GetRequiredService<PaymentLinks>().SendByWhatsAppAsync(invoiceId);

        Assert.Equal(phone, sent.SentTo);
        Assert.Null(sent.NotReached);
        var row = Assert.Single(await MessagesAsync(tutorId, MessageKind.PaymentLink));
        Assert.Equal(OutboxChannel.WhatsApp, row.Channel);
        Assert.Equal(WhatsAppNumbers.Prefix + phone, row.To);
        Assert.Equal(invoiceId, row.InvoiceId);
        Assert.Contains(sent.Url, row.Body, StringComparison.Ordinal);
        Assert.Contains("Nina", row.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_tutor_without_reminders_consent_gets_no_payment_link_and_the_desk_is_told_why()
    {
        await using var desk = await Desk.AsAsync(fixture.App, "aurora", Roles.Receptionist);
        var (tutorId, petId, _) = await TutorAsync(desk, reachable: false);
        var invoiceId = await InvoiceAsync(desk, tutorId, petId);

        var sent = await desk.Services.GetRequiredService<PaymentLinks>().SendByWhatsAppAsync(invoiceId);

        Assert.Null(sent.SentTo);
        Assert.Equal(ReachProblem.NoConsent, sent.NotReached);
        Assert.Empty(await MessagesAsync(tutorId, MessageKind.PaymentLink));
    }

    [Fact]
    public async Task Only_cashiers_send_payment_links_by_whatsapp()
    {
        await using var desk = await Desk.AsAsync(fixture.App, "aurora", Roles.Receptionist);
        await using var nurse = await Desk.AsAsync(fixture.App, "aurora", Roles.Nurse);
        var (tutorId, petId, _) = await TutorAsync(desk, reachable: true);
        var invoiceId = await InvoiceAsync(desk, tutorId, petId);

        var refused = await Refusals.CaptureAsync(nurse.Services.GetRequiredService<PaymentLinks>().SendByWhatsAppAsync(invoiceId));

        Assert.Equal("Common.Error.NotAllowed", refused?.Message);
        Assert.Empty(await MessagesAsync(tutorId, MessageKind.PaymentLink));
    }

    [Theory]
    [InlineData(true, 1)]
    [InlineData(false, 0)]
    public async Task A_completed_exam_tells_the_tutor_by_whatsapp_when_they_can_be_reached(bool reachable, int messages)
    {
        await using var vet = await Desk.AsAsync(fixture.App, "aurora", Roles.Veterinarian);
        await using var nurse = await Desk.AsAsync(fixture.App, "aurora", Roles.Nurse);
        var (tutorId, petId, _) = await TutorAsync(vet, reachable);
        var exams = nurse.Services.GetRequiredService<ExamService>();
        var id = await vet.Services.GetRequiredService<ExamService>().RequestAsync(new ExamRequestInput { PetId = petId, ExamType = "Hemograma completo" });

        await exams.CompleteAsync(id, "Hematócrito 38%.");

        var rows = await MessagesAsync(tutorId, MessageKind.ExamReady);
        Assert.Equal(messages, rows.Count);
        Assert.All(rows, r => Assert.Contains("Nina", r.Body, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_refused_exam_completion_queues_nothing()
    {
        await using var vet = await Desk.AsAsync(fixture.App, "aurora", Roles.Veterinarian);
        await using var nurse = await Desk.AsAsync(fixture.App, "aurora", Roles.Nurse);
        var (tutorId, petId, _) = await TutorAsync(vet, reachable: true);
        var id = await vet.Services.GetRequiredService<ExamService>().RequestAsync(new ExamRequestInput { PetId = petId, ExamType = "Hemograma completo" });

        var refused = await Refusals.CaptureAsync(nurse.Services.GetRequiredService<ExamService>().CompleteAsync(id, "   "));

        Assert.Equal("Exams.Error.ResultRequired", refused?.Message);
        Assert.Empty(await MessagesAsync(tutorId, MessageKind.ExamReady));
    }

    [Theory]
    [InlineData(HospitalizationStatus.Discharged, true, 1)]
    [InlineData(HospitalizationStatus.Discharged, false, 0)]
    [InlineData(HospitalizationStatus.Deceased, true, 0)]
    public async Task A_discharge_sends_the_follow_up_to_a_reachable_tutor_and_a_death_never_does(HospitalizationStatus outcome, bool reachable, int messages)
    {
        await using var vet = await Desk.AsAsync(fixture.App, "aurora", Roles.Veterinarian);
        var (tutorId, petId, _) = await TutorAsync(vet, reachable);
        var stay = await vet.NewStayAsync(petId, await vet.NewVetAsync(), bedId: null);

        await vet.Services.GetRequiredService<HospitalizationService>().DischargeAsync(stay, outcome, "Alta com melhora clínica.");

        var rows = await MessagesAsync(tutorId, MessageKind.FollowUp);
        Assert.Equal(messages, rows.Count);
        Assert.All(rows, r => Assert.Contains("Nina", r.Body, StringComparison.Ordinal));
    }

    /// <summary>A tutor with a mobile and a pet "Nina"; reachable: agreed to WhatsApp reminders.</summary>
    private static async Task<(Guid TutorId, Guid PetId, string Phone)> TutorAsync(Desk desk, bool reachable)
    {
        var phone = RepliesFixture.NewPhone();
        var tutorId = await desk.NewTutorAsync(phone: phone);
        var petId = await desk.NewPetAsync(tutorId, name: "Nina");
        if (reachable)
        {
            await using var db = await desk.Services.GetRequiredService<ClinicDbFactory>().CreateDbContextAsync();
            var tutor = await db.Tutors.SingleAsync(t => t.Id == tutorId);
            tutor.WhatsAppOptIn = true;
            tutor.RemindersConsentAt = desk.Time.UtcNow.AddDays(-1);
            await db.SaveChangesAsync();
        }

        return (tutorId, petId, phone);
    }

    private static async Task<Guid> InvoiceAsync(Desk desk, Guid tutorId, Guid petId)
    {
        var invoices = desk.Services.GetRequiredService<InvoiceService>();
        var id = await invoices.CreateAsync(tutorId, petId);
        await invoices.AddItemAsync(id, "Consulta", ChargeKind.Consultation, 1, 150m);
        return id;
    }

    private Task<List<OutboxMessage>> MessagesAsync(Guid tutorId, MessageKind kind) =>
        fixture.ReadAsync("aurora", db => db.OutboxMessages.AsNoTracking()
            .Where(o => o.TutorId == tutorId && o.Kind == kind.ToString()).ToListAsync());
}

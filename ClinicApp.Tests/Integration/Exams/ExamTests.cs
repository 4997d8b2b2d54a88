using ClinicApp.Data.Clinical;
using ClinicApp.Data.Identity;
using ClinicApp.Features.Care;
using ClinicApp.Features.Exams;
using ClinicApp.Features.Notifications;
using ClinicApp.Infrastructure.Realtime;
using ClinicApp.Tenancy;
using ClinicApp.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ClinicApp.Tests.Integration.Exams;

[Collection(AppCollection.Name)]
public sealed class ExamTests(AppFixture fixture)
{
    private static readonly string[] LosingRefusals = ["Common.Error.Concurrency", "Exam.Error.Transition"];
    private static readonly string?[] Results = ["Resultado A", "Resultado B"];
    private readonly ClinicAppFactory _app = fixture.App;

    private static ExamService Exams(Desk desk) => desk.Services.GetRequiredService<ExamService>();

    private static async Task<ExamRequest> LoadAsync(Desk desk, Guid id)
    {
        await using var db = await desk.Services.GetRequiredService<ClinicDbFactory>().CreateDbContextAsync();
        return await db.ExamRequests.AsNoTracking().SingleAsync(e => e.Id == id);
    }

    private static async Task<Guid> RequestAsync(Desk vet, Guid petId, string type = "Hemograma completo") =>
        await Exams(vet).RequestAsync(new ExamRequestInput { PetId = petId, ExamType = type, ClinicalNotes = "Suspeita de anemia" });

    [Fact]
    public async Task Requesting_advancing_and_completing_an_exam_notifies_the_requesting_vet()
    {
        await using var vet = await Desk.AsAsync(_app, "aurora", Roles.Veterinarian);
        await using var nurse = await Desk.AsAsync(_app, "aurora", Roles.Nurse);
        var petId = await vet.NewPetAsync(name: "Paçoca");
        var raised = new List<NotificationRaised>();
        var changes = new List<CareChanged>();
        using var a = nurse.Services.GetRequiredService<HospitalEvents>().Subscribe<NotificationRaised>(e => { lock (raised) { raised.Add(e); } return Task.CompletedTask; });
        using var b = nurse.Services.GetRequiredService<HospitalEvents>().Subscribe<CareChanged>(e => { lock (changes) { changes.Add(e); } return Task.CompletedTask; });
        var unreadBefore = await vet.Services.GetRequiredService<NotificationService>().UnreadCountAsync();

        var id = await RequestAsync(vet, petId);
        await Exams(nurse).AdvanceAsync(id, ExamStatus.Collected);
        await Exams(nurse).AdvanceAsync(id, ExamStatus.InAnalysis);
        await Exams(nurse).CompleteAsync(id, "  Hematócrito 38%, sem alterações.  ");

        var exam = await LoadAsync(nurse, id);
        Assert.Equal(ExamStatus.Completed, exam.Status);
        Assert.Equal("Hematócrito 38%, sem alterações.", exam.ResultText);
        Assert.NotNull(exam.CollectedAt);
        Assert.NotNull(exam.CompletedAt);
        Assert.StartsWith("Test Nurse", exam.CompletedByName, StringComparison.Ordinal);
        var vetId = vet.Services.GetRequiredService<CurrentActor>().UserId!.Value;
        Assert.Equal(vetId, exam.RequestedById);

        var notifications = vet.Services.GetRequiredService<NotificationService>();
        var latest = (await notifications.MineAsync())[0];
        Assert.Equal("Notifications.ExamReady", latest.MessageKey);
        Assert.Equal(["Hemograma completo", "Paçoca"], latest.Args);
        Assert.Equal($"exams?id={id}", latest.Link);
        Assert.False(latest.IsRead);
        Assert.Equal(unreadBefore + 1, await notifications.UnreadCountAsync());
        Assert.Contains(raised, r => r.UserId == vetId && r.NotificationId == latest.Id);
        Assert.Empty(await nurse.Services.GetRequiredService<NotificationService>().MineAsync());
        Assert.Equal(4, changes.Count(c => c.PetId == petId && c.Change == CareChange.ExamChanged));

        await notifications.MarkReadAsync(latest.Id);
        Assert.Equal(unreadBefore, await notifications.UnreadCountAsync());
    }

    [Fact]
    public async Task An_exam_cannot_skip_a_step_nor_complete_without_a_result_and_nothing_changes()
    {
        await using var vet = await Desk.AsAsync(_app, "aurora", Roles.Veterinarian);
        await using var nurse = await Desk.AsAsync(_app, "aurora", Roles.Nurse);
        var id = await RequestAsync(vet, await vet.NewPetAsync());

        var skip = await Refusals.CaptureAsync(Exams(nurse).AdvanceAsync(id, ExamStatus.InAnalysis));
        var empty = await Refusals.CaptureAsync(Exams(nurse).CompleteAsync(id, "   "));

        Assert.Equal("Exam.Error.Transition", skip?.Message);
        Assert.Equal(["Exam.Status.Pending", "Exam.Status.InAnalysis"], skip!.Arguments);
        Assert.Equal("Exams.Error.ResultRequired", empty?.Message);
        var exam = await LoadAsync(nurse, id);
        Assert.Equal(ExamStatus.Pending, exam.Status);
        Assert.Null(exam.ResultText);
        Assert.Null(exam.CollectedAt);

        await Exams(nurse).CancelAsync(id, "Tutor desistiu");
        var afterCancel = await Refusals.CaptureAsync(Exams(nurse).AdvanceAsync(id, ExamStatus.Collected));
        Assert.Equal("Exam.Error.Transition", afterCancel?.Message);
        Assert.Equal(ExamStatus.Cancelled, (await LoadAsync(nurse, id)).Status);
    }

    [Fact]
    public async Task Bad_requests_are_refused_with_a_clear_key_and_receptionists_cannot_request()
    {
        await using var vet = await Desk.AsAsync(_app, "aurora", Roles.Veterinarian);
        await using var reception = await Desk.AsAsync(_app, "aurora", Roles.Receptionist);
        var petId = await vet.NewPetAsync();

        var noType = await Refusals.CaptureAsync(Exams(vet).RequestAsync(new ExamRequestInput { PetId = petId, ExamType = "  " }));
        var noPet = await Refusals.CaptureAsync(Exams(vet).RequestAsync(new ExamRequestInput { PetId = Guid.NewGuid(), ExamType = "Raio-X" }));
        var notAllowed = await Refusals.CaptureAsync(Exams(reception).RequestAsync(new ExamRequestInput { PetId = petId, ExamType = "Raio-X" }));

        Assert.Equal("Exams.Error.Type", noType?.Message);
        Assert.Equal("Exams.Error.PetRequired", noPet?.Message);
        Assert.Equal("Common.Error.NotAllowed", notAllowed?.Message);
        Assert.Empty(await Exams(vet).ForPetAsync(petId));
    }

    [Fact]
    public async Task Another_hospital_never_sees_nor_changes_an_exam()
    {
        await using var vet = await Desk.AsAsync(_app, "aurora", Roles.Veterinarian);
        await using var otherNurse = await Desk.AsAsync(_app, "boavista", Roles.Nurse);
        var type = $"Ultrassom {Guid.NewGuid():N}"[..20];
        var id = await RequestAsync(vet, await vet.NewPetAsync(), type);
        var seenInBoavista = new List<CareChanged>();
        using var _ = otherNurse.Services.GetRequiredService<HospitalEvents>().Subscribe<CareChanged>(e => { lock (seenInBoavista) { seenInBoavista.Add(e); } return Task.CompletedTask; });

        Assert.Null(await Exams(otherNurse).GetAsync(id));
        Assert.Empty((await Exams(otherNurse).ListAsync(new ExamQuery(Search: type))).Items);
        Assert.Equal("Common.Error.NotFound", (await Refusals.CaptureAsync(Exams(otherNurse).AdvanceAsync(id, ExamStatus.Collected)))?.Message);
        Assert.Equal("Common.Error.NotFound", (await Refusals.CaptureAsync(Exams(otherNurse).CompleteAsync(id, "laudo")))?.Message);

        await Exams(vet).CancelAsync(id, "duplicado");
        Assert.Single((await Exams(vet).ListAsync(new ExamQuery(Search: type))).Items);
        Assert.Empty(seenInBoavista);
    }

    [Fact]
    public async Task Two_people_completing_at_once_leave_one_result_and_one_notification()
    {
        await using var vet = await Desk.AsAsync(_app, "aurora", Roles.Veterinarian);
        await using var nurse1 = await Desk.AsAsync(_app, "aurora", Roles.Nurse);
        await using var nurse2 = await Desk.AsAsync(_app, "aurora", Roles.Nurse);
        var id = await RequestAsync(vet, await vet.NewPetAsync());
        await Task.WhenAll(Exams(nurse1).AdvanceAsync(id, ExamStatus.Collected), Exams(nurse2).AdvanceAsync(id, ExamStatus.Collected));

        var outcomes = await Task.WhenAll(
            Refusals.CaptureAsync(Exams(nurse1).CompleteAsync(id, "Resultado A")),
            Refusals.CaptureAsync(Exams(nurse2).CompleteAsync(id, "Resultado B")));

        Assert.Single(outcomes, o => o is null);
        Assert.Contains(outcomes.Single(o => o is not null)!.Message, LosingRefusals);
        var exam = await LoadAsync(vet, id);
        Assert.Equal(ExamStatus.Completed, exam.Status);
        Assert.Contains(exam.ResultText, Results);
        await using var db = await vet.Services.GetRequiredService<ClinicDbFactory>().CreateDbContextAsync();
        Assert.Equal(1, await db.Notifications.CountAsync(n => n.Link == $"exams?id={id}"));
    }

    [Fact]
    public async Task A_notification_is_read_only_by_its_addressee()
    {
        await using var vet = await Desk.AsAsync(_app, "aurora", Roles.Veterinarian);
        await using var nurse = await Desk.AsAsync(_app, "aurora", Roles.Nurse);
        var vetId = vet.Services.GetRequiredService<CurrentActor>().UserId!.Value;
        var id = await nurse.Services.GetRequiredService<NotificationService>().NotifyAsync(vetId, "Notifications.ExamReady", ["Raio-X", "Bolt"], "exams");

        var refusal = await Refusals.CaptureAsync(nurse.Services.GetRequiredService<NotificationService>().MarkReadAsync(id));

        Assert.Equal("Common.Error.NotFound", refusal?.Message);
        var mine = vet.Services.GetRequiredService<NotificationService>();
        Assert.Equal(1, await mine.UnreadCountAsync());
        await mine.MarkAllReadAsync();
        Assert.Equal(0, await mine.UnreadCountAsync());
        Assert.True((await mine.MineAsync()).Single().IsRead);
    }
}

using System.Net;
using ClinicApp.Data.Clinical;
using ClinicApp.Data.Identity;
using ClinicApp.Features.Exams;
using ClinicApp.Features.Portal;
using ClinicApp.Features.Prescriptions;
using ClinicApp.Tenancy;
using ClinicApp.Tests.Integration.Prescriptions;
using ClinicApp.Tests.Support;
using ClinicApp.Tests.Unit.Exams;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ClinicApp.Tests.Integration.Portal;

[Collection(AppCollection.Name)]
public sealed class PortalDocumentsTests(AppFixture fixture)
{
    private readonly ClinicAppFactory _app = fixture.App;

    private static PortalDocuments Documents(AsyncServiceScope scope) => scope.ServiceProvider.GetRequiredService<PortalDocuments>();

    private static ExamService Exams(Desk desk) => desk.Services.GetRequiredService<ExamService>();

    private static byte[] Png()
    {
        var bytes = new byte[2_000];
        Random.Shared.NextBytes(bytes);
        ExamFileSignatureTests.PngHeader.CopyTo(bytes, 0);
        return bytes;
    }

    private async Task<Http> SignedInAsync(PortalTutor tutor)
    {
        var http = new Http(_app.BaseUrl);
        Assert.Equal(HttpStatusCode.Redirect, (await http.SignInAsync(tutor.Slug, tutor.Email, TestUsers.Password)).StatusCode);
        return http;
    }

    /// <summary>A receituário (outpatient) of the pet, by a vet, with one medicine named <paramref name="medicine"/>.</summary>
    private static async Task<Guid> ReceituarioAsync(Desk vet, Guid petId, string medicine)
    {
        await vet.Pets.AddWeightAsync(petId, 8.5m);
        var medicationId = await vet.NewMedicationAsync(name: medicine);
        var item = PrescribingData.Item(medicationId, vet.NextHour(), amount: 25m, everyHours: 12, days: 5);
        return await vet.Prescriptions().CreateAsync(new PrescriptionInput { PetId = petId, Kind = PrescriptionKind.Outpatient, Items = [item] });
    }

    /// <summary>An exam of the pet with a PNG result file and, when <paramref name="complete"/>, completed with a result text.</summary>
    private static async Task<(Guid Exam, Guid File, byte[] Content)> ExamAsync(Desk vet, Desk nurse, Guid petId, bool complete, string result = "Hemograma sem alterações.")
    {
        var examId = await Exams(vet).RequestAsync(new ExamRequestInput { PetId = petId, ExamType = "Hemograma completo" });
        var content = Png();
        var fileId = await Exams(nurse).AddFileAsync(examId, new MemoryStream(content), "hemograma.png", content.Length);
        if (complete)
        {
            await Exams(nurse).CompleteAsync(examId, result);
        }

        return (examId, fileId, content);
    }

    [Fact]
    public async Task The_tutor_gets_their_receituarios_but_never_a_hospital_prescription_nor_another_tutors()
    {
        var tutor = await PortalTutors.CreateAsync(_app, "aurora");
        var other = await PortalTutors.CreateAsync(_app, "aurora");
        await using var vet = await Desk.AsAsync(_app, "aurora", Roles.Veterinarian);
        var medicine = $"Meloxicam {Guid.NewGuid():N}"[..18];
        var mine = await ReceituarioAsync(vet, tutor.PetId, medicine);
        // A hospital prescription is the team's order for the RAM; the row is made one directly.
        var internalOrder = await ReceituarioAsync(vet, tutor.PetId, $"Dipirona {Guid.NewGuid():N}"[..16]);
        await using (var db = await vet.Services.GetRequiredService<ClinicDbFactory>().CreateDbContextAsync())
        {
            await db.Prescriptions.Where(p => p.Id == internalOrder).ExecuteUpdateAsync(p => p.SetProperty(x => x.Kind, PrescriptionKind.Hospital));
        }

        var others = await ReceituarioAsync(vet, other.PetId, $"Cefalexina {Guid.NewGuid():N}"[..18]);
        var staffOnly = await ReceituarioAsync(vet, await vet.NewPetAsync(), $"Tramadol {Guid.NewGuid():N}"[..16]);
        await using var scope = await PortalTutors.ScopeAsync(_app, tutor);

        var list = await Documents(scope).ListAsync();
        var pdf = await Documents(scope).PrescriptionPdfAsync(mine);

        var row = Assert.Single(list.Prescriptions);
        Assert.Equal(mine, row.Id);
        Assert.Equal([medicine], row.Medicines);
        Assert.True(PdfText.Has(string.Join(" ", PdfText.Pages(pdf.Content)), medicine));
        foreach (var id in new[] { internalOrder, others, staffOnly, Guid.NewGuid() })
        {
            await Assert.ThrowsAsync<PortalNotFoundException>(() => Documents(scope).PrescriptionPdfAsync(id));
        }

        Assert.Single((await Documents(scope).ListAsync(tutor.PetId)).Prescriptions);
        Assert.Empty((await Documents(scope).ListAsync(other.PetId)).Prescriptions);
    }

    [Fact]
    public async Task The_receituario_pdf_endpoint_serves_the_tutors_own_and_404_for_any_other()
    {
        var tutor = await PortalTutors.CreateAsync(_app, "aurora");
        var other = await PortalTutors.CreateAsync(_app, "aurora");
        await using var vet = await Desk.AsAsync(_app, "aurora", Roles.Veterinarian);
        var medicine = $"Meloxicam {Guid.NewGuid():N}"[..18];
        var mine = await ReceituarioAsync(vet, tutor.PetId, medicine);
        var others = await ReceituarioAsync(vet, other.PetId, $"Cefalexina {Guid.NewGuid():N}"[..18]);
        var staffOnly = await ReceituarioAsync(vet, await vet.NewPetAsync(), $"Tramadol {Guid.NewGuid():N}"[..16]);
        using var http = await SignedInAsync(tutor);

        var response = await http.GetAsync($"aurora/portal/prescriptions/{mine}.pdf");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        Assert.True(PdfText.Has(string.Join(" ", PdfText.Pages(await response.Content.ReadAsByteArrayAsync())), medicine));
        foreach (var id in new[] { others, staffOnly, Guid.NewGuid() })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync($"aurora/portal/prescriptions/{id}.pdf")).StatusCode);
        }
    }

    [Fact]
    public async Task An_exam_stays_in_progress_until_a_vet_releases_it_then_its_result_and_file_reach_the_tutor()
    {
        var tutor = await PortalTutors.CreateAsync(_app, "aurora");
        await using var vet = await Desk.AsAsync(_app, "aurora", Roles.Veterinarian);
        await using var nurse = await Desk.AsAsync(_app, "aurora", Roles.Nurse);
        var (examId, fileId, content) = await ExamAsync(vet, nurse, tutor.PetId, complete: true, result: "Leucócitos 12.000/µL.");
        await using var scope = await PortalTutors.ScopeAsync(_app, tutor);
        using var http = await SignedInAsync(tutor);

        var before = Assert.Single((await Documents(scope).ListAsync()).Exams);
        var downloadBefore = await http.GetAsync($"aurora/portal/exams/{examId}/files/{fileId}");
        await Exams(vet).ReleaseToTutorAsync(examId);
        var after = Assert.Single((await Documents(scope).ListAsync()).Exams);
        var downloadAfter = await http.GetAsync($"aurora/portal/exams/{examId}/files/{fileId}");

        Assert.False(before.Released);
        Assert.Equal("Hemograma completo", before.ExamType);
        Assert.Null(before.ResultText);
        Assert.Empty(before.Files);
        Assert.Equal(HttpStatusCode.NotFound, downloadBefore.StatusCode);
        Assert.True(after.Released);
        Assert.Equal("Leucócitos 12.000/µL.", after.ResultText);
        Assert.NotNull(after.CompletedByName);
        Assert.Equal([fileId], after.Files.Select(f => f.Id));
        Assert.Equal(HttpStatusCode.OK, downloadAfter.StatusCode);
        Assert.Equal("image/png", downloadAfter.Content.Headers.ContentType?.MediaType);
        Assert.Equal(["nosniff"], downloadAfter.Headers.GetValues("X-Content-Type-Options"));
        Assert.Equal(content, await downloadAfter.Content.ReadAsByteArrayAsync());
        await using var opened = (await Documents(scope).OpenExamFileAsync(examId, fileId)).Content;
        Assert.True(opened.Length > 0);
    }

    [Fact]
    public async Task Releasing_is_a_vets_act_on_a_completed_exam_and_releasing_twice_changes_nothing()
    {
        var tutor = await PortalTutors.CreateAsync(_app, "aurora");
        await using var vet = await Desk.AsAsync(_app, "aurora", Roles.Veterinarian);
        await using var nurse = await Desk.AsAsync(_app, "aurora", Roles.Nurse);
        await using var desk = await Desk.AsAsync(_app, "aurora", Roles.Receptionist);
        var (open, _, _) = await ExamAsync(vet, nurse, tutor.PetId, complete: false);
        var (done, _, _) = await ExamAsync(vet, nurse, tutor.PetId, complete: true);

        Assert.Equal("Exams.Error.ReleaseNotCompleted", (await Refusals.CaptureAsync(Exams(vet).ReleaseToTutorAsync(open)))?.Message);
        Assert.Equal("Common.Error.NotAllowed", (await Refusals.CaptureAsync(Exams(nurse).ReleaseToTutorAsync(done)))?.Message);
        Assert.Equal("Common.Error.NotAllowed", (await Refusals.CaptureAsync(Exams(desk).ReleaseToTutorAsync(done)))?.Message);
        Assert.Null((await Exams(vet).GetAsync(done))!.ReleasedToTutorAt);

        await Exams(vet).ReleaseToTutorAsync(done);
        var first = await Exams(vet).GetAsync(done);
        await Exams(vet).ReleaseToTutorAsync(done);
        var second = await Exams(vet).GetAsync(done);

        Assert.NotNull(first!.ReleasedToTutorAt);
        Assert.False(string.IsNullOrWhiteSpace(first.ReleasedByName));
        Assert.Equal(first.ReleasedToTutorAt, second!.ReleasedToTutorAt);
        Assert.Null((await Exams(vet).GetAsync(open))!.ReleasedToTutorAt);
    }

    [Fact]
    public async Task Exam_files_of_another_tutor_or_of_staff_only_exams_are_404_even_when_released()
    {
        var tutor = await PortalTutors.CreateAsync(_app, "aurora");
        var other = await PortalTutors.CreateAsync(_app, "aurora");
        await using var vet = await Desk.AsAsync(_app, "aurora", Roles.Veterinarian);
        await using var nurse = await Desk.AsAsync(_app, "aurora", Roles.Nurse);
        var (mine, myFile, _) = await ExamAsync(vet, nurse, tutor.PetId, complete: true);
        var (others, otherFile, _) = await ExamAsync(vet, nurse, other.PetId, complete: true);
        var (staffOnly, staffFile, _) = await ExamAsync(vet, nurse, await vet.NewPetAsync(), complete: true);
        foreach (var id in new[] { mine, others, staffOnly })
        {
            await Exams(vet).ReleaseToTutorAsync(id);
        }

        await using var scope = await PortalTutors.ScopeAsync(_app, tutor);
        using var http = await SignedInAsync(tutor);

        Assert.Equal([mine], (await Documents(scope).ListAsync()).Exams.Select(e => e.Id));
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync($"aurora/portal/exams/{mine}/files/{myFile}")).StatusCode);
        foreach (var (exam, file) in new[] { (others, otherFile), (staffOnly, staffFile), (mine, otherFile), (others, myFile), (Guid.NewGuid(), Guid.NewGuid()) })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync($"aurora/portal/exams/{exam}/files/{file}")).StatusCode);
            await Assert.ThrowsAsync<PortalNotFoundException>(() => Documents(scope).OpenExamFileAsync(exam, file));
        }
    }
}

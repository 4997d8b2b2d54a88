using System.Globalization;
using System.Net;
using ClinicApp.Data.Common;
using ClinicApp.Data.FrontDesk;
using ClinicApp.Data.Identity;
using ClinicApp.Features.Reports;
using ClinicApp.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;

namespace ClinicApp.Tests.Integration.Reports;

/// <summary>The attendance report of a seeded day: every figure, both lists, who may read it, and the PDF.</summary>
[Collection(AppCollection.Name)]
public sealed class AttendanceReportTests(AppFixture fixture)
{
    private readonly ClinicAppFactory _app = fixture.App;

    [Fact]
    public async Task Every_figure_of_the_day_counts_its_own_rows_in_the_hospitals_zone()
    {
        await using var desk = await Desk.AsAsync(_app, "aurora");
        var day = await AttendanceDay.SeedAsync(desk);

        var report = await desk.Services.GetRequiredService<AttendanceReportService>().BuildAsync(day.Day);

        Assert.Equal((day.Day, desk.Hospital.Name), (report.Day, report.Hospital));
        Assert.Equal(8, report.Appointments);
        Assert.Equal(3, report.Attended); // completed, checked in, in progress
        Assert.Equal(1, report.NoShows);
        Assert.Equal((1, 1), (report.CancelledAtDesk, report.CancelledByTutor));
        Assert.Equal(2, report.Open); // scheduled and confirmed
        Assert.Equal(1, report.Confirmed);
        Assert.Equal(2, report.ConfirmedByWhatsApp); // the one of the evening before does not count

        var r = report.Reminders;
        Assert.Equal(8, r.Queued);
        Assert.Equal((1, 4, 2, 1), (r.Pending, r.Sent, r.Delivered, r.Read));
        Assert.Equal(2, r.Failed); // refused at once (63016) and undelivered (63024)
        Assert.Equal((1, 1), (r.Kept, r.Cancelled));
        Assert.Equal(2, r.NotReached); // the tutor without consent: checked in and scheduled (the cancelled one is moot)
        Assert.Equal(5, r.Attempted);
        Assert.Equal(0.8, r.Rate(r.Sent));
        Assert.Equal(0.4, r.Rate(r.Failed));

        Assert.Equal([day.Pets[AppointmentStatus.Completed], day.Pets[AppointmentStatus.CheckedIn], day.Pets[AppointmentStatus.InProgress]],
            report.Presences.Select(p => p.Pet));
        Assert.Equal([day.Pets[AppointmentStatus.NoShow], day.Pets[AppointmentStatus.Cancelled], day.Pets[AppointmentStatus.Confirmed],
            day.Pets[AppointmentStatus.Scheduled], day.CancelledByTutorPet], report.Absences.Select(a => a.Pet));
        var first = report.Presences[0];
        Assert.Equal((8, 0), (first.Start.Hour, first.Start.Minute)); // local time of the hospital
        Assert.Equal(day.ReachableTutor, first.Tutor);
        Assert.StartsWith("Test Veterinarian", first.Veterinarian, StringComparison.Ordinal);
        Assert.Equal(AppointmentSource.WhatsApp, report.Absences[^1].CancelledVia);
    }

    [Fact]
    public async Task Reception_and_admins_read_it_and_a_vet_or_a_nurse_is_refused()
    {
        await using var desk = await Desk.AsAsync(_app, "aurora");
        await using var vet = await Desk.AsAsync(_app, "aurora", Roles.Veterinarian);
        await using var nurse = await Desk.AsAsync(_app, "aurora", Roles.Nurse);
        var day = AttendanceDay.UnusedDay();

        Assert.Equal(0, (await desk.Services.GetRequiredService<AttendanceReportService>().BuildAsync(day)).Appointments);
        await desk.AsAdminAsync(() => desk.Services.GetRequiredService<AttendanceReportService>().BuildAsync(day));
        foreach (var refused in new[] { vet, nurse })
        {
            var error = await Assert.ThrowsAsync<DomainRuleException>(() => refused.Services.GetRequiredService<AttendanceReportService>().BuildAsync(day));
            Assert.Equal("Common.Error.NotAllowed", error.Message);
        }
    }

    [Theory]
    [InlineData("pt-BR", "Relatório diário de comparecimento", "Presenças (3)", "Ausências (5)", "Cancelado pelo tutor", "80%")]
    [InlineData("en", "Daily attendance report", "Presences (3)", "Absences (5)", "Cancelled at the desk", "80%")]
    public async Task The_pdf_has_the_title_day_hospital_figures_and_both_lists(string culture, string title, string presences, string absences, string cancelled, string sentRate)
    {
        await using var desk = await Desk.AsAsync(_app, "aurora");
        var day = await AttendanceDay.SeedAsync(desk);
        var report = await desk.Services.GetRequiredService<AttendanceReportService>().BuildAsync(day.Day);

        var file = InCulture(culture, () => AttendanceReportDocument.Render(report, desk.Services.GetRequiredService<IStringLocalizer<SharedResource>>()));

        var text = string.Join(" ", PdfText.Pages(file.Content));
        Assert.EndsWith($"{day.Day:yyyy-MM-dd}.pdf", file.FileName, StringComparison.Ordinal);
        foreach (var expected in new[] { title, desk.Hospital.Name, day.Day.ToString("d", new CultureInfo(culture)), presences, absences, cancelled, sentRate,
                     day.CancelledByTutorPet, day.ReachableTutor })
        {
            Assert.True(PdfText.Has(text, expected), $"{expected} in {text}");
        }

        foreach (var pet in day.Pets.Values)
        {
            Assert.True(PdfText.Has(text, pet), $"{pet} in {text}");
        }
    }

    [Fact]
    public async Task A_long_day_continues_over_pages_with_the_report_named_on_each()
    {
        await using var desk = await Desk.AsAsync(_app, "aurora");
        var day = AttendanceDay.UnusedDay();
        var vet = await desk.NewVetAsync();
        var tutor = await desk.NewTutorAsync();
        await using (var db = await desk.Services.GetRequiredService<ClinicApp.Tenancy.ClinicDbFactory>().CreateDbContextAsync())
        {
            for (var i = 0; i < 120; i++)
            {
                var pet = await desk.NewPetAsync(tutor, $"Paciente {i:D3}");
                var appointment = new Appointment { PetId = pet, TutorId = tutor, VeterinarianId = vet, Type = AppointmentType.Vaccination };
                appointment.SetTime(ClinicApp.Tenancy.HospitalTime.ToUtc(day.ToDateTime(new TimeOnly(7, 0)).AddMinutes(5 * i), desk.Hospital.TimeZone), 5);
                appointment.Open(appointment.Start.AddDays(-1));
                appointment.ChangeStatus(i % 3 == 0 ? AppointmentStatus.NoShow : AppointmentStatus.CheckedIn, appointment.Start);
                appointment.SyncSlots();
                db.Appointments.Add(appointment);
            }

            await db.SaveChangesAsync();
        }

        var report = await desk.Services.GetRequiredService<AttendanceReportService>().BuildAsync(day);
        var pages = PdfText.Pages(InCulture("pt-BR", () => AttendanceReportDocument.Render(report, desk.Services.GetRequiredService<IStringLocalizer<SharedResource>>())).Content);

        Assert.True(pages.Length >= 3, $"{pages.Length} pages");
        Assert.All(pages, p => Assert.True(PdfText.Has(p, $"Relatório de comparecimento · {day.ToString("d", new CultureInfo("pt-BR"))}"), p));
        Assert.All(pages.Select((p, i) => (p, i)), x => Assert.True(PdfText.Has(x.p, $"Página {x.i + 1} de {pages.Length}"), x.p));
        Assert.True(PdfText.Has(pages[^1], "Paciente 117"), pages[^1]); // the last absence, on the last page
        Assert.True(PdfText.Has(pages[1], "Veterinário(a)"), pages[1]); // a continued table repeats its header
    }

    [Fact]
    public async Task The_pdf_downloads_for_a_past_day_only_for_reception_and_admins_of_that_hospital()
    {
        await using var desk = await Desk.AsAsync(_app, "aurora");
        var day = await AttendanceDay.SeedAsync(desk);
        var path = $"aurora/{ReportsFeature.AttendancePdfPath(day.Day)}";
        using var reception = await SignedInAsync("aurora", Roles.Receptionist);

        var response = await reception.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        // In the signed-in person's language: the hospital's, pt-BR, until they choose another.
        Assert.Equal($"comparecimento-{day.Day:yyyy-MM-dd}.pdf", response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        var text = string.Join(" ", PdfText.Pages(await response.Content.ReadAsByteArrayAsync()));
        Assert.True(PdfText.Has(text, "Relatório diário de comparecimento"), text);
        Assert.True(PdfText.Has(text, day.Pets[AppointmentStatus.Completed]), text);

        var today = desk.Time.Today;
        Assert.Equal(HttpStatusCode.OK, (await reception.GetAsync($"aurora/{ReportsFeature.AttendancePdfPath(today)}")).StatusCode);
        foreach (var bad in new[] { ReportsFeature.AttendancePdfPath(today.AddDays(1)), "reports/attendance/2025-02-30.pdf", "reports/attendance/07-12-2026.pdf", "reports/attendance/ontem.pdf" })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await reception.GetAsync($"aurora/{bad}")).StatusCode);
        }

        using var admin = await SignedInAsync("aurora", Roles.Admin);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync(path)).StatusCode);
        using var vet = await SignedInAsync("aurora", Roles.Veterinarian);
        Assert.NotEqual(HttpStatusCode.OK, (await vet.GetAsync(path)).StatusCode);

        // Another hospital's admin: nothing of Aurora's, neither at Aurora's address nor at their own.
        using var other = await SignedInAsync("boavista", Roles.Admin);
        var foreign = await other.GetAsync(path);
        Assert.NotEqual(HttpStatusCode.OK, foreign.StatusCode);
        Assert.NotEqual("application/pdf", foreign.Content.Headers.ContentType?.MediaType);
        var own = await other.GetAsync($"boavista/{ReportsFeature.AttendancePdfPath(day.Day)}");
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        var ownText = string.Join(" ", PdfText.Pages(await own.Content.ReadAsByteArrayAsync()));
        Assert.False(PdfText.Has(ownText, day.Pets[AppointmentStatus.Completed]), ownText);
        Assert.False(PdfText.Has(ownText, desk.Hospital.Name), ownText);

        using var anonymous = new Http(_app.BaseUrl);
        var signIn = await anonymous.GetAsync(path);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.Contains("/account/login", Http.Location(signIn), StringComparison.Ordinal);
    }

    private async Task<Http> SignedInAsync(string slug, string role)
    {
        var http = new Http(_app.BaseUrl);
        var email = await new TestUsers(_app).CreateAsync(slug, role);
        Assert.Equal(HttpStatusCode.Redirect, (await http.SignInAsync(slug, email, TestUsers.Password)).StatusCode);
        return http;
    }

    private static T InCulture<T>(string name, Func<T> work)
    {
        var (culture, ui) = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo(name);
        try
        {
            return work();
        }
        finally
        {
            CultureInfo.CurrentCulture = culture;
            CultureInfo.CurrentUICulture = ui;
        }
    }
}

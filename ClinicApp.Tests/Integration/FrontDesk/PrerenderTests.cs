using System.Net;
using ClinicApp.Tests.Support;

namespace ClinicApp.Tests.Integration.FrontDesk;

/// <summary>Pages are prerendered and then become interactive; their data queries must run once
/// (in the interactive render), not also while prerendering.</summary>
[Collection(AppCollection.Name)]
public sealed class PrerenderTests(AppFixture fixture)
{
    private readonly ClinicAppFactory _app = fixture.App;

    [Theory]
    [InlineData("aurora/agenda", "Appointments")]
    [InlineData("aurora/agenda?view=week", "Appointments")]
    [InlineData("aurora/today", "Appointments")]
    [InlineData("aurora/tutors", "Tutors")]
    [InlineData("aurora/vaccinations", "Vaccinations")]
    [InlineData("aurora/", "Appointments")]
    [InlineData("aurora/admin/medications", "Medications")]
    public async Task A_prerendered_page_runs_no_data_query(string path, string table)
    {
        using var http = new Http(_app.BaseUrl);
        Assert.Equal(HttpStatusCode.Redirect, (await http.SignInAsync("aurora", "reception@aurora.vet")).StatusCode);
        using var log = new CommandLog(_app);

        var response = await http.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("mud-skeleton", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, log.CountTouching(table));
        Assert.NotEmpty(log.Commands); // the log works: the sign-in cookie was validated against the users
    }

    /// <summary>Care pages, and the layout's emergency banner and notification bell they sit under.</summary>
    [Theory]
    [InlineData("aurora/ram/handover", "nurse@aurora.vet", "MedicationAdministrations")]
    [InlineData("aurora/admin/care", "admin@aurora.vet", "CareSettings")]
    [InlineData("aurora/exams", "nurse@aurora.vet", "ExamRequests")]
    [InlineData("aurora/exams", "nurse@aurora.vet", "VitalAlerts")]
    [InlineData("aurora/exams", "nurse@aurora.vet", "Notifications")]
    [InlineData("aurora/admin/vitals", "admin@aurora.vet", "VitalRanges")]
    [InlineData("aurora/consultations/0193a1b2-0000-7000-8000-000000000001", "vet@aurora.vet", "Consultations")]
    [InlineData("aurora/consultations/0193a1b2-0000-7000-8000-000000000001", "vet@aurora.vet", "Prescriptions")]
    public async Task A_prerendered_care_page_runs_no_data_query(string path, string email, string table)
    {
        using var http = new Http(_app.BaseUrl);
        Assert.Equal(HttpStatusCode.Redirect, (await http.SignInAsync("aurora", email)).StatusCode);
        using var log = new CommandLog(_app);

        var response = await http.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("mud-skeleton", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, log.CountTouching(table));
        Assert.NotEmpty(log.Commands);
    }
}

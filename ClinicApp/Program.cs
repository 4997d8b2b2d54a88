using ClinicApp;
using ClinicApp.Components;
using ClinicApp.Demo;
using ClinicApp.Features.Account;
using ClinicApp.Features.Agenda;
using ClinicApp.Features.Analytics;
using ClinicApp.Features.Backups;
using ClinicApp.Features.Board;
using ClinicApp.Features.Consultations;
using ClinicApp.Features.Conversations;
using ClinicApp.Features.Exams;
using ClinicApp.Features.Export;
using ClinicApp.Features.Home;
using ClinicApp.Features.Hospitalizations;
using ClinicApp.Features.Invoices;
using ClinicApp.Features.Medications;
using ClinicApp.Features.Messaging;
using ClinicApp.Features.Notifications;
using ClinicApp.Features.Payments;
using ClinicApp.Features.OnlineBooking;
using ClinicApp.Features.Portal;
using ClinicApp.Features.Privacy;
using ClinicApp.Features.Pets;
using ClinicApp.Features.Prescriptions;
using ClinicApp.Features.Ram;
using ClinicApp.Features.Reminders;
using ClinicApp.Features.Replies;
using ClinicApp.Features.Reports;
using ClinicApp.Features.Settings;
using ClinicApp.Features.Tutors;
using ClinicApp.Features.Users;
using ClinicApp.Features.Vaccinations;
using ClinicApp.Features.Vitals;
using ClinicApp.Infrastructure.Backups;
using ClinicApp.Infrastructure.Email;
using ClinicApp.Infrastructure.Health;
using ClinicApp.Infrastructure.Jobs;
using ClinicApp.Infrastructure.Realtime;
using ClinicApp.Infrastructure.Security;
using ClinicApp.Tenancy;

var builder = WebApplication.CreateBuilder(args);

// The platform: hospitals, languages, jobs, live updates, email, health, the UI shell.
builder.AddTenancy();
builder.AddClinicLocalization();
builder.AddJobs();
builder.AddRealtime();
builder.AddEmail();
builder.AddClinicHealth();
builder.AddClinicUi();
builder.AddReverseProxy();
builder.AddKeyRingEncryption();
builder.AddPublicRateLimits();
builder.AddBackupEngine();

// The features, one per area of DOMAIN.md; each registers its own services in its folder.
builder.AddAccount();
builder.AddUsers();
builder.AddHome();
builder.AddTutors();
builder.AddPets();
builder.AddVaccinations();
builder.AddAgenda();
builder.AddConsultations();
builder.AddMedications();
builder.AddPrescriptions();
builder.AddExams();
builder.AddVitals();
builder.AddNotifications();
builder.AddHospitalizations();
builder.AddBoard();
builder.AddRam();
builder.AddInvoices();
builder.AddPayments();
builder.AddMessaging();
builder.AddReports();
builder.AddReminders();
builder.AddReplies();
builder.AddConversations();
builder.AddSettings();
builder.AddBackups();
builder.AddExport();
builder.AddAnalytics();
builder.AddPortal();
builder.AddOnlineBooking();
builder.AddPrivacy();
builder.AddDemo();

var app = builder.Build();

if (BackupCommands.IsCommand(args))
{
    return await BackupCommands.RunAsync(app.Services, args, Console.Out);
}

if (PlatformCommands.IsCommand(args))
{
    return await PlatformCommands.RunAsync(app.Services, args, Console.Out);
}

if (!StartupChecks.Pass(app))
{
    await app.DisposeAsync();
    return 1;
}

if (!await app.PrepareDatabasesAsync())
{
    // Disposing flushes the console logger's queue: without it the refusal could be lost on exit.
    await app.DisposeAsync();
    return 1;
}

await app.SeedDemoDataAsync();

app.UseClinicPipeline();
// After the pipeline's routing and authentication, before any endpoint runs: the password forms'
// throttling and the account set-up a hospital demands: a one-time password changed, an admin's
// two-factor turned on (features the pipeline itself must not know).
app.UseSignInThrottling();
app.UseAccountSetUpGate();
app.MapClinicHealth();
app.MapJobsDashboard();
app.MapAccount();
app.MapInvoices();
app.MapPayments();
app.MapMessaging();
app.MapReports();
app.MapReminders();
app.MapReplies();
app.MapConversations();
app.MapExams();
app.MapPrescriptions();
app.MapHospitalizations();
app.MapSettings();
app.MapBackups();
app.MapExport();
app.MapAnalytics();
app.MapPortal();
app.MapOnlineBooking();
app.MapPrivacy();
app.MapRazorComponents<App>().AddInteractiveServerRenderMode();

await app.RunAsync();
return 0;

/// <summary>Visible to the integration tests (WebApplicationFactory).</summary>
public partial class Program;

using ClinicApp;
using ClinicApp.Components;
using ClinicApp.Features;
using ClinicApp.Features.Account;
using ClinicApp.Features.Payments;
using ClinicApp.Features.Invoices;
using ClinicApp.Features.Platform;
using ClinicApp.Features.Users;
using ClinicApp.Infrastructure.Health;
using ClinicApp.Infrastructure.Jobs;
using ClinicApp.Infrastructure.Realtime;
using ClinicApp.Tenancy;

var builder = WebApplication.CreateBuilder(args);

builder.AddTenancy();
builder.AddClinicLocalization();
builder.AddClinicIdentity();
builder.AddJobs();
builder.AddClinicHealth();
builder.AddClinicUi();
builder.AddPlatform();
builder.AddPayments();
builder.Services.AddRealtime();
builder.Services.AddUserAdministration();
builder.Services.AddFrontDesk();
builder.Services.AddClinical();
builder.Services.AddBillingDocuments();
builder.Services.AddScoped<ClinicApp.Features.Home.HomeOverview>();

var app = builder.Build();

if (PlatformCommands.IsCommand(args))
{
    return await PlatformCommands.RunAsync(app.Services, args, Console.Out);
}

if (!await app.PrepareDatabasesAsync())
{
    // Disposing flushes the console logger's queue: without it the refusal could be lost on exit.
    await app.DisposeAsync();
    return 1;
}

await app.SeedDemoDataAsync();
app.UseClinicPipeline();
await app.RunAsync();
return 0;

/// <summary>Visible to the integration tests (WebApplicationFactory).</summary>
public partial class Program;

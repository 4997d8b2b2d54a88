using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using ClinicApp.Data.Audit;
using ClinicApp.Data.Billing;
using ClinicApp.Data.Common;
using ClinicApp.Data.Exports;
using ClinicApp.Data.FrontDesk;
using ClinicApp.Data.Identity;
using ClinicApp.Features.Export;
using ClinicApp.Infrastructure.Jobs;
using ClinicApp.Tenancy;
using ClinicApp.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ClinicApp.Tests.Integration.Export;

/// <summary>The hospital's full export, through the real app: the admin asks, the Hangfire job builds the
/// ZIP, the admin downloads it over HTTP; its content, its secrets, its tenant safety and its expiry.</summary>
[Collection(AppCollection.Name)]
public sealed partial class ExportTests(AppFixture fixture)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(90);
    private readonly ClinicAppFactory _app = fixture.App;

    [Fact]
    public async Task The_zip_holds_every_table_as_csv_the_files_and_a_readme_without_secrets_or_another_hospitals_rows()
    {
        await using var admin = await Desk.AsAsync(_app, "aurora", Roles.Admin);
        const string awkward = "Joana \"Jô\" d'Ávila, filha\nSegunda linha";
        var tutorId = await AddAsync(admin, new Tutor { Name = awkward, Notes = "ação; \"citação\", fim" });
        var price = new PriceItem { Name = $"Export price {Guid.NewGuid():N}", Price = 1234.5m, Kind = ChargeKind.Service };
        await AddAsync(admin, price);
        await using var other = await Desk.AsAsync(_app, "boavista", Roles.Admin);
        var otherName = $"Boavista only {Guid.NewGuid():N}";
        await AddAsync(other, new Tutor { Name = otherName });
        var folder = Path.Combine(_app.Services.GetRequiredService<TenantConnections>().FilesDirectory("aurora"), $"export-test-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        var stored = Path.Combine(folder, "resultado ção.pdf");
        var storedBytes = Encoding.UTF8.GetBytes($"%PDF-1.4 exam {Guid.NewGuid()}");
        await File.WriteAllBytesAsync(stored, storedBytes);
        try
        {
            var export = await ReadyExportAsync(admin);

            await using var db = await Db(admin);
            var row = await db.DataExports.AsNoTracking().SingleAsync(e => e.Id == export.Id);
            var path = Path.Combine(_app.DataDirectory, "exports", "aurora", row.FileName!);
            Assert.Equal(100, row.Progress);
            var me = admin.Services.GetRequiredService<CurrentActor>().UserId;
            Assert.Equal(await db.Users.Where(u => u.Id == me).Select(u => u.DisplayName).SingleAsync(), row.RequestedByName);
            Assert.Equal(new FileInfo(path).Length, row.SizeBytes);
            Assert.Equal(row.CompletedAt + ExportService.Lifetime, row.ExpiresAt);
            Assert.StartsWith("aurora-export-", row.FileName, StringComparison.Ordinal);
            Assert.Empty(Directory.EnumerateFiles(Path.GetDirectoryName(path)!, "*.partial"));

            using var zip = ZipFile.OpenRead(path);
            var entries = zip.Entries.ToDictionary(e => e.FullName, e => Bytes(e), StringComparer.Ordinal);

            // One CSV per table of the database, each with the table's columns as header.
            var tables = await ScalarsAsync(db, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'");
            Assert.Contains("__EFMigrationsHistory", tables);
            Assert.Equal(tables.Select(t => $"tables/{t}.csv").Order(StringComparer.Ordinal),
                entries.Keys.Where(k => k.StartsWith("tables/", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
            var csv = new Dictionary<string, List<List<string>>>(StringComparer.Ordinal);
            foreach (var table in tables)
            {
                var bytes = entries[$"tables/{table}.csv"];
                Assert.True(bytes is [0xEF, 0xBB, 0xBF, ..], $"{table}.csv has no UTF-8 BOM");
                csv[table] = ExportCsv.Parse(Encoding.UTF8.GetString(bytes));
                Assert.Equal(await ScalarsAsync(db, $"SELECT name FROM pragma_table_info('{table}')"), csv[table][0]);
            }

            // The row counts: those of the database for every table the app's background work does not write to meanwhile.
            string[] moving = ["AuditEntries", "OutboxMessages", "Notifications", "DataExports", "InboundMessages"];
            foreach (var table in tables.Except(moving))
            {
                Assert.True(await CountAsync(db, table) == csv[table].Count - 1, $"{table}: {csv[table].Count - 1} rows in the CSV");
            }

            // The awkward tutor round-trips (comma, quotes, accent, line break), the other hospital's does not appear.
            var tutors = Table(csv["Tutors"]);
            var tutor = tutors.Single(t => t["Id"] == tutorId.ToString());
            Assert.Equal(awkward, tutor["Name"]);
            Assert.Equal("ação; \"citação\", fim", tutor["Notes"]);
            Assert.Matches(IsoUtc(), tutor["CreatedAt"]);
            Assert.Equal("false", tutor["IsDeleted"]);
            Assert.Equal("", tutor["DeletedAt"]);
            Assert.DoesNotContain(entries.Values, bytes => Encoding.UTF8.GetString(bytes).Contains(otherName, StringComparison.Ordinal));
            var otherIds = await ScalarsAsync(await Db(other), "SELECT Id FROM Tutors");
            Assert.DoesNotContain(tutors, t => otherIds.Contains(t["Id"], StringComparer.OrdinalIgnoreCase));

            // Decimals with a point, as the model holds them (not SQLite's scaled integers); enums by name.
            var priceRow = Table(csv["PriceItems"]).Single(p => p["Name"] == price.Name);
            Assert.Equal("1234.5", priceRow["Price"]);
            Assert.Equal("Service", priceRow["Kind"]);

            // No secret: the columns are there and empty, and no hash, stamp or token is anywhere in the ZIP.
            var users = Table(csv["AspNetUsers"]);
            Assert.NotEmpty(users);
            Assert.All(users, u => Assert.Equal("", u["PasswordHash"]));
            Assert.All(users, u => Assert.Equal("", u["SecurityStamp"]));
            var secrets = (await ScalarsAsync(db, "SELECT PasswordHash FROM AspNetUsers WHERE PasswordHash IS NOT NULL"))
                .Concat(await ScalarsAsync(db, "SELECT SecurityStamp FROM AspNetUsers WHERE SecurityStamp IS NOT NULL"))
                .Concat(await ScalarsAsync(db, "SELECT Value FROM AspNetUserTokens WHERE Value IS NOT NULL"))
                .Concat(await ScalarsAsync(db, "SELECT Token FROM PaymentLinks"))
                .ToList();
            Assert.NotEmpty(secrets);
            var all = string.Join('\n', entries.Values.Select(b => Encoding.UTF8.GetString(b)));
            Assert.DoesNotContain(secrets, s => all.Contains(s, StringComparison.Ordinal));

            // The stored files, under files/ with their paths.
            var relative = Path.GetRelativePath(_app.Services.GetRequiredService<TenantConnections>().FilesDirectory("aurora"), stored).Replace('\\', '/');
            Assert.Equal(storedBytes, entries[$"files/{relative}"]);

            // The README, in the hospital's language, names every table and its columns.
            var readme = Encoding.UTF8.GetString(entries["README.md"]);
            Assert.Contains("Exportação de dados de", readme, StringComparison.Ordinal);
            Assert.All(tables, t => Assert.Contains($"### {t}\n", readme.ReplaceLineEndings("\n"), StringComparison.Ordinal));
            Assert.Contains("Os tutores (donos dos animais)", readme, StringComparison.Ordinal);
            Assert.Contains("`AspNetUsers.PasswordHash`", readme, StringComparison.Ordinal);
            Assert.Contains("`Price`: número decimal", readme, StringComparison.Ordinal);

            // The request was audited with who asked.
            var audit = await db.AuditEntries.AsNoTracking().SingleAsync(a => a.EntityId == export.Id.ToString() && a.Action == AuditAction.Exported);
            Assert.Equal(nameof(DataExport), audit.EntityType);
            Assert.Equal(admin.Services.GetRequiredService<CurrentActor>().UserId, audit.UserId);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Only_this_hospitals_admins_download_it_each_download_counted_and_audited()
    {
        await using var admin = await Desk.AsAsync(_app, "aurora", Roles.Admin);
        var export = await ReadyExportAsync(admin);
        var users = new TestUsers(_app);

        using var http = new Http(_app.BaseUrl);
        Assert.Equal(HttpStatusCode.Redirect, (await http.SignInAsync("aurora", await users.CreateAsync("aurora", Roles.Admin), TestUsers.Password)).StatusCode);
        var response = await http.GetAsync($"aurora/{ExportFeature.DownloadPath(export.Id)}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/zip", response.Content.Headers.ContentType?.MediaType);
        Assert.Matches(@"^aurora-export-\d{8}-\d{6}\.zip$", response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        var body = await response.Content.ReadAsByteArrayAsync();
        Assert.True(body is [(byte)'P', (byte)'K', ..], "not a ZIP");
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync($"aurora/{ExportFeature.DownloadPath(Guid.NewGuid())}")).StatusCode);

        await using var db = await Db(admin);
        Assert.Equal(1, (await db.DataExports.AsNoTracking().SingleAsync(e => e.Id == export.Id)).DownloadCount);
        var downloaded = await db.AuditEntries.AsNoTracking().Where(a => a.EntityId == export.Id.ToString() && a.Action == AuditAction.Downloaded).ToListAsync();
        Assert.Single(downloaded);
        Assert.NotNull(downloaded[0].UserId);

        // Another hospital's admin, even signed in there, does not find it.
        using var boavista = new Http(_app.BaseUrl);
        Assert.Equal(HttpStatusCode.Redirect, (await boavista.SignInAsync("boavista", await users.CreateAsync("boavista", Roles.Admin), TestUsers.Password)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await boavista.GetAsync($"boavista/{ExportFeature.DownloadPath(export.Id)}")).StatusCode);

        // A receptionist of the hospital is refused (sent to the access-denied page, no file).
        using var reception = new Http(_app.BaseUrl);
        Assert.Equal(HttpStatusCode.Redirect, (await reception.SignInAsync("aurora", await users.CreateAsync("aurora", Roles.Receptionist), TestUsers.Password)).StatusCode);
        var refused = await reception.GetAsync($"aurora/{ExportFeature.DownloadPath(export.Id)}");
        Assert.NotEqual(HttpStatusCode.OK, refused.StatusCode);
        Assert.NotEqual("application/zip", refused.Content.Headers.ContentType?.MediaType);

        Assert.Equal(1, (await db.DataExports.AsNoTracking().SingleAsync(e => e.Id == export.Id)).DownloadCount);
    }

    [Theory]
    [InlineData(Roles.Receptionist)]
    [InlineData(Roles.Veterinarian)]
    [InlineData(Roles.Nurse)]
    public async Task A_non_admin_cannot_ask_for_list_or_download_an_export_and_nothing_is_queued(string role)
    {
        await using var desk = await Desk.AsAsync(_app, "aurora", role);
        var exports = desk.Services.GetRequiredService<ExportService>();
        await using var db = await Db(desk);
        var before = await db.DataExports.CountAsync();

        Assert.Equal("Common.Error.NotAllowed", (await Assert.ThrowsAsync<DomainRuleException>(() => exports.RequestAsync())).Message);
        await Assert.ThrowsAsync<DomainRuleException>(() => exports.ListAsync());
        await Assert.ThrowsAsync<DomainRuleException>(() => exports.DownloadAsync(Guid.NewGuid()));
        Assert.Equal(before, await db.DataExports.CountAsync());
    }

    [Fact]
    public async Task A_second_request_while_one_is_queued_returns_that_one()
    {
        await using var admin = await Desk.AsAsync(_app, "aurora", Roles.Admin);
        await WaitIdleAsync(admin);
        await using var db = await Db(admin);
        var queued = new DataExport { RequestedAt = DateTime.UtcNow, RequestedByName = "someone", Status = DataExportStatus.Queued };
        db.DataExports.Add(queued);
        await db.SaveChangesAsync();
        try
        {
            var count = await db.DataExports.CountAsync();
            var request = await admin.Services.GetRequiredService<ExportService>().RequestAsync();

            Assert.True(request.AlreadyRunning);
            Assert.Equal(queued.Id, request.Export.Id);
            Assert.Equal(count, await db.DataExports.CountAsync());
        }
        finally
        {
            await db.DataExports.Where(e => e.Id == queued.Id).ExecuteDeleteAsync();
        }
    }

    [Fact]
    public async Task An_expired_export_is_not_found_and_the_cleanup_job_deletes_its_file_and_leftovers()
    {
        await using var admin = await Desk.AsAsync(_app, "aurora", Roles.Admin);
        var export = await ReadyExportAsync(admin);
        await using var db = await Db(admin);
        var row = await db.DataExports.AsNoTracking().SingleAsync(e => e.Id == export.Id);
        var folder = Path.Combine(_app.DataDirectory, "exports", "aurora");
        var path = Path.Combine(folder, row.FileName!);
        var leftover = Path.Combine(folder, "aurora-export-crashed.zip.partial");
        await File.WriteAllTextAsync(leftover, "half");
        await db.DataExports.Where(e => e.Id == export.Id).ExecuteUpdateAsync(s => s.SetProperty(e => e.ExpiresAt, DateTime.UtcNow.AddMinutes(-1)));

        var exports = admin.Services.GetRequiredService<ExportService>();
        Assert.Null(await exports.DownloadAsync(export.Id));
        Assert.True((await exports.ListAsync()).Single(e => e.Id == export.Id) is { IsExpired: true, CanDownload: false });
        Assert.True(File.Exists(path));

        await using var scope = await new TestUsers(_app).ScopeAsync("aurora");
        await scope.ServiceProvider.GetServices<IHospitalRecurringJob>().Single(j => j.Name == ExportCleanupJob.JobName).RunAsync(CancellationToken.None);

        Assert.False(File.Exists(path));
        Assert.False(File.Exists(leftover));
        Assert.Null((await db.DataExports.AsNoTracking().SingleAsync(e => e.Id == export.Id)).FileName);
        Assert.True((await exports.ListAsync()).Single(e => e.Id == export.Id).IsExpired);
        using var http = new Http(_app.BaseUrl);
        await http.SignInAsync("aurora", await new TestUsers(_app).CreateAsync("aurora", Roles.Admin), TestUsers.Password);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync($"aurora/{ExportFeature.DownloadPath(export.Id)}")).StatusCode);
    }

    [Fact]
    public async Task The_job_runs_only_in_the_scope_of_the_hospital_it_names()
    {
        await using var admin = await Desk.AsAsync(_app, "aurora", Roles.Admin);
        await WaitIdleAsync(admin);
        await using var db = await Db(admin);
        var queued = new DataExport { RequestedAt = DateTime.UtcNow, RequestedByName = "someone", Status = DataExportStatus.Queued };
        db.DataExports.Add(queued);
        await db.SaveChangesAsync();
        try
        {
            // Boavista's scope running a job that names Aurora: refused before anything is read or written.
            await using var boavista = await new TestUsers(_app).ScopeAsync("boavista");
            var job = boavista.ServiceProvider.GetRequiredService<ExportJob>();
            await Assert.ThrowsAsync<TenantUnavailableException>(() => job.RunAsync(admin.Hospital.Id, queued.Id, CancellationToken.None));
            Assert.Equal(DataExportStatus.Queued, (await db.DataExports.AsNoTracking().SingleAsync(e => e.Id == queued.Id)).Status);
            Assert.False(Directory.Exists(Path.Combine(_app.DataDirectory, "exports", "boavista"))
                && Directory.EnumerateFiles(Path.Combine(_app.DataDirectory, "exports", "boavista")).Any(f => f.Contains(queued.Id.ToString(), StringComparison.Ordinal)));
        }
        finally
        {
            await db.DataExports.Where(e => e.Id == queued.Id).ExecuteDeleteAsync();
        }
    }

    [Fact]
    public async Task A_failed_export_says_why_and_leaves_no_file()
    {
        await using var admin = await Desk.AsAsync(_app, "aurora", Roles.Admin);
        await WaitIdleAsync(admin);
        // The hospital's export folder cannot be made (a file has its name): the disk refuses the export.
        var folder = Path.Combine(_app.DataDirectory, "exports", "aurora");
        var aside = folder + $".aside-{Guid.NewGuid():N}";
        if (Directory.Exists(folder))
        {
            Directory.Move(folder, aside);
        }

        Directory.CreateDirectory(Path.GetDirectoryName(folder)!);
        await File.WriteAllTextAsync(folder, "not a folder");
        try
        {
            var request = await admin.Services.GetRequiredService<ExportService>().RequestAsync();
            var row = await FinishedAsync(admin, request.Export.Id);

            Assert.Equal(DataExportStatus.Failed, row.Status);
            Assert.Equal("Export.Error.Disk", row.Error);
            Assert.False(row.CanDownload);
            await using var db = await Db(admin);
            Assert.Null((await db.DataExports.AsNoTracking().SingleAsync(e => e.Id == row.Id)).FileName);
        }
        finally
        {
            File.Delete(folder);
            if (Directory.Exists(aside))
            {
                Directory.Move(aside, folder);
            }
        }

        Assert.Empty(Directory.EnumerateFiles(Path.GetDirectoryName(folder)!, "*.partial", SearchOption.AllDirectories));
    }

    private static async Task<ExportRow> ReadyExportAsync(Desk admin)
    {
        await WaitIdleAsync(admin);
        var request = await admin.Services.GetRequiredService<ExportService>().RequestAsync();
        Assert.False(request.AlreadyRunning);
        Assert.Equal(DataExportStatus.Queued, request.Export.Status);
        var row = await FinishedAsync(admin, request.Export.Id);
        Assert.True(row.Status == DataExportStatus.Ready, $"{row.Status} {row.Error}");
        return row;
    }

    /// <summary>Waits until no export of the hospital is queued or running (another test's).</summary>
    private static async Task WaitIdleAsync(Desk admin)
    {
        var exports = admin.Services.GetRequiredService<ExportService>();
        foreach (var running in (await exports.ListAsync()).Where(e => e.InProgress))
        {
            await FinishedAsync(admin, running.Id);
        }
    }

    private static async Task<ExportRow> FinishedAsync(Desk admin, Guid id)
    {
        var exports = admin.Services.GetRequiredService<ExportService>();
        var until = DateTime.UtcNow + Wait;
        while (true)
        {
            var row = (await exports.ListAsync()).Single(e => e.Id == id);
            if (!row.InProgress)
            {
                return row;
            }

            Assert.True(DateTime.UtcNow < until, $"export {id} still {row.Status} ({row.Progress}%)");
            await Task.Delay(200);
        }
    }

    private static async Task<Guid> AddAsync<T>(Desk desk, T entity)
        where T : Entity
    {
        await using var db = await Db(desk);
        db.Add(entity);
        await db.SaveChangesAsync();
        return entity.Id;
    }

    private static Task<Data.ClinicDbContext> Db(Desk desk) => Db(desk.Services);

    private static Task<Data.ClinicDbContext> Db(IServiceProvider services) =>
        services.GetRequiredService<ClinicDbFactory>().CreateDbContextAsync();

    private static async Task<List<string>> ScalarsAsync(Data.ClinicDbContext db, string sql)
    {
        await db.Database.OpenConnectionAsync();
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = sql;
        var values = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            values.Add(Convert.ToString(reader.GetValue(0), CultureInfo.InvariantCulture)!);
        }

        return values;
    }

    private static async Task<long> CountAsync(Data.ClinicDbContext db, string table) =>
        long.Parse((await ScalarsAsync(db, $"SELECT COUNT(*) FROM \"{table}\""))[0], CultureInfo.InvariantCulture);

    private static List<Dictionary<string, string>> Table(List<List<string>> rows) =>
        rows.Skip(1).Select(r => rows[0].Zip(r).ToDictionary(p => p.First, p => p.Second, StringComparer.Ordinal)).ToList();

    private static byte[] Bytes(ZipArchiveEntry entry)
    {
        using var stream = entry.Open();
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    [GeneratedRegex(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,7})?Z$")]
    private static partial Regex IsoUtc();
}

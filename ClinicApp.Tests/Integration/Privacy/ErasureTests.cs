using System.Data.Common;
using System.Net;
using ClinicApp.Common;
using ClinicApp.Data.Billing;
using ClinicApp.Data.Common;
using ClinicApp.Data.Identity;
using ClinicApp.Data.Messaging;
using ClinicApp.Data.Portal;
using ClinicApp.Features.Invoices;
using ClinicApp.Features.Messaging;
using ClinicApp.Features.Payments;
using ClinicApp.Features.Privacy;
using ClinicApp.Features.Replies;
using ClinicApp.Infrastructure.Email;
using ClinicApp.Tenancy;
using ClinicApp.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ClinicApp.Tests.Integration.Privacy;

/// <summary>Erasure (LGPD art. 18 VI): requested by the tutor or recorded by an admin, reviewed by an
/// admin; approval anonymises the tutor everywhere in the hospital's database at once, keeps the
/// clinical and financial records, and cannot be undone; an open invoice stops it.</summary>
[Collection(AppCollection.Name)]
public sealed class ErasureTests(AppFixture fixture)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);
    private readonly ClinicAppFactory _app = fixture.App;

    [Fact]
    public async Task Approval_leaves_no_trace_of_the_tutor_in_any_text_column_and_keeps_the_records()
    {
        var tutor = await PrivacyData.NewTutorAsync(_app);
        await using var admin = await Desk.AsAsync(_app, "aurora", Roles.Admin);
        var factory = admin.Services.GetRequiredService<ClinicDbFactory>();
        Guid appointmentId, invoiceId, secondPetId;
        await using (var desk = await Desk.AsAsync(_app, "aurora"))
        {
            secondPetId = await desk.NewPetAsync(tutor.TutorId, "Mimi");
            var vet = await desk.NewVetAsync();
            appointmentId = await desk.Agenda.BookAsync(Desk.Booking(tutor.Portal.PetId, vet, desk.FutureSlot(weeksAhead: 6)));

            // The appointment's reminder, sent through the outbox with the tutor's name in it.
            await using (var db = await factory.CreateDbContextAsync())
            {
                var reminder = WhatsAppOutbox.Add(db, new WhatsAppDraft(tutor.TutorId, WhatsAppNumbers.Address(tutor.Phone)!, MessageKind.AppointmentReminder,
                    new RenderedMessage($"Olá {tutor.Name}, lembrete da consulta de amanhã.", "HX0123", $"{{\"1\":\"{tutor.Name}\"}}"), AppointmentId: appointmentId));
                reminder.MarkSent($"SM{Guid.NewGuid():N}", DateTime.UtcNow);
                await db.SaveChangesAsync();
            }

            // An invoice with a payment link, then paid (its receipt goes to the tutor's e-mail).
            var invoices = desk.Services.GetRequiredService<InvoiceService>();
            invoiceId = await invoices.CreateAsync(tutor.TutorId, tutor.Portal.PetId, notes: $"Ligar para {Phones.Display(tutor.Phone)}");
            await invoices.AddItemAsync(invoiceId, "Consulta", ChargeKind.Service, 1, 180m);
            await desk.Services.GetRequiredService<PaymentLinks>().CreateOrGetAsync(invoiceId);
            await invoices.RegisterPaymentAsync(invoiceId, PaymentMethod.Pix, 180m, "E2E-PIX-1");

            // A WhatsApp message from the tutor, quoted to reception with the tutor's name.
            await desk.Services.GetRequiredService<ReplyService>().ReceiveAsync(new InboundReply($"SM{Guid.NewGuid():N}", WhatsAppNumbers.Address(tutor.Phone)!,
                $"Oi, aqui é {tutor.Name}, CPF {Cpf.Format(tutor.Cpf)}, e-mail {tutor.Email}", null));
        }

        // The tutor signs in, uses the portal (audited under their e-mail), downloads their data and asks for erasure.
        using (var http = new Http(_app.BaseUrl))
        {
            Assert.Equal(HttpStatusCode.Redirect, (await http.SignInAsync("aurora", tutor.Email, TestUsers.Password)).StatusCode);
        }

        string exportFile;
        await using (var scope = await PortalTutors.ScopeAsync(_app, tutor.Portal))
        {
            var myData = scope.ServiceProvider.GetRequiredService<MyDataService>();
            await myData.SetConsentAsync(ConsentPurpose.Marketing, true);
            var export = await TutorExportTests.ReadyAsync(myData);
            exportFile = scope.ServiceProvider.GetRequiredService<TutorExportFiles>().FileOf("aurora", $"{export.Id:N}.zip");
            await myData.RequestErasureAsync();
            var again = await Assert.ThrowsAsync<DomainRuleException>(() => myData.RequestErasureAsync());
            Assert.Equal("Erasure.Error.AlreadyRequested", again.Message);
        }

        // The receipt e-mail has been kept by the dispatcher (an .eml with the tutor's name on disk).
        var outboxFiles = await SettledOutboxFilesAsync(admin, tutor.TutorId);
        Assert.True(File.Exists(exportFile));

        var erasure = admin.Services.GetRequiredService<ErasureService>();
        var request = (await erasure.ListAsync(tutor.TutorId)).Single(r => r.Status == ErasureStatus.Pending);
        Assert.Equal((ErasureOrigin.Portal, MyDataService.PortalSource), (request.Origin, request.RequestedByName));
        Assert.Contains(await erasure.ListAsync(), r => r.Id == request.Id);
        await erasure.ApproveAsync(request.Id);

        // Not one text column of any table holds the name, the CPF, the phone or the e-mail.
        string[] needles = [tutor.Name, tutor.Cpf, Cpf.Format(tutor.Cpf), tutor.Phone, tutor.Phone.TrimStart('+'), tutor.Email];
        await using (var db = await factory.CreateDbContextAsync())
        {
            var traces = await TracesAsync(db, needles);
            Assert.True(traces.Count == 0, "Left behind: " + string.Join("; ", traces));

            // The records stay, linked to the anonymised tutor.
            var anonymised = await db.Tutors.AsNoTracking().SingleAsync(t => t.Id == tutor.TutorId);
            Assert.StartsWith("Tutor anonimizado #", anonymised.Name, StringComparison.Ordinal);
            Assert.NotNull(anonymised.AnonymisedAt);
            Assert.Null(anonymised.PortalUserId);
            Assert.False(anonymised.WhatsAppOptIn);
            Assert.Null(anonymised.RemindersConsentAt);
            Assert.Null(anonymised.MarketingConsentAt);
            Assert.DoesNotContain("zuleica", anonymised.SearchText, StringComparison.Ordinal);
            Assert.Equal(2, await db.Pets.CountAsync(p => p.TutorId == tutor.TutorId && (p.Id == secondPetId || p.Id == tutor.Portal.PetId)));
            Assert.True(await db.Appointments.AnyAsync(a => a.Id == appointmentId && a.TutorId == tutor.TutorId));
            var invoice = await db.Invoices.AsNoTracking().Include(i => i.Payments).SingleAsync(i => i.Id == invoiceId);
            Assert.Equal((InvoiceStatus.Paid, tutor.TutorId, 180m), (invoice.Status, invoice.TutorId, invoice.Payments.Single().Amount));
            Assert.All(await db.PaymentLinks.AsNoTracking().Where(l => l.InvoiceId == invoiceId).ToListAsync(), l => Assert.NotNull(l.RevokedAt));
            Assert.Equal(InboundOutcome.Kept, (await db.InboundMessages.AsNoTracking().SingleAsync(m => m.TutorId == tutor.TutorId)).Outcome);
            Assert.All(await db.OutboxMessages.AsNoTracking().Where(o => o.TutorId == tutor.TutorId || o.InvoiceId == invoiceId).ToListAsync(), o => Assert.Null(o.File));

            // The decision is recorded and audited; the account is gone.
            var decided = await db.ErasureRequests.AsNoTracking().SingleAsync(r => r.Id == request.Id);
            Assert.Equal(ErasureStatus.Approved, decided.Status);
            Assert.NotNull(decided.DecidedAt);
            Assert.False(string.IsNullOrEmpty(decided.DecidedByName));
            Assert.True(await db.AuditEntries.AnyAsync(a => a.EntityType == nameof(ErasureRequest) && a.EntityId == request.Id.ToString() && a.ChangedFields.Contains("Status")));
            Assert.True(await db.AuditEntries.AnyAsync(a => a.EntityType == "Tutor" && a.EntityId == tutor.TutorId.ToString() && a.ChangedFields.Contains("AnonymisedAt")));
            Assert.False(await db.Users.AnyAsync(u => u.Id == tutor.Portal.UserId));
        }

        Assert.False(File.Exists(exportFile));
        Assert.DoesNotContain(outboxFiles, File.Exists);

        // Irreversible: no second approval, no new request; the account cannot sign in.
        Assert.Equal("Erasure.Error.AlreadyDecided", (await Assert.ThrowsAsync<DomainRuleException>(() => erasure.ApproveAsync(request.Id))).Message);
        Assert.Equal("Erasure.Error.AlreadyErased", (await Assert.ThrowsAsync<DomainRuleException>(() => erasure.RecordRequestAsync(tutor.TutorId, null))).Message);
        using (var http = new Http(_app.BaseUrl))
        {
            Assert.NotEqual(HttpStatusCode.Redirect, (await http.SignInAsync("aurora", tutor.Email, TestUsers.Password)).StatusCode);
        }
    }

    [Fact]
    public async Task Approval_is_refused_while_an_invoice_is_open_and_nothing_changes()
    {
        var tutor = await PrivacyData.NewTutorAsync(_app);
        await using var admin = await Desk.AsAsync(_app, "aurora", Roles.Admin);
        var invoices = admin.Services.GetRequiredService<InvoiceService>();
        var invoiceId = await invoices.CreateAsync(tutor.TutorId, tutor.Portal.PetId);
        await invoices.AddItemAsync(invoiceId, "Vacina", ChargeKind.Product, 1, 90m);
        await invoices.RegisterPaymentAsync(invoiceId, PaymentMethod.Cash, 40m, null);
        var number = (await invoices.GetAsync(invoiceId))!.Invoice.Number;

        var erasure = admin.Services.GetRequiredService<ErasureService>();
        var requestId = await erasure.RecordRequestAsync(tutor.TutorId, "Pediu por telefone");
        Assert.Equal("Erasure.Error.AlreadyRequested", (await Assert.ThrowsAsync<DomainRuleException>(() => erasure.RecordRequestAsync(tutor.TutorId, null))).Message);
        var refused = await Assert.ThrowsAsync<DomainRuleException>(() => erasure.ApproveAsync(requestId));
        Assert.Equal("Erasure.Error.OpenInvoice", refused.Message);
        Assert.Equal(number.ToString(System.Globalization.CultureInfo.InvariantCulture), refused.Arguments.Single());

        await using var db = await admin.Services.GetRequiredService<ClinicDbFactory>().CreateDbContextAsync();
        var row = await db.Tutors.AsNoTracking().SingleAsync(t => t.Id == tutor.TutorId);
        Assert.Equal((tutor.Name, tutor.Cpf, tutor.Phone, tutor.Email, tutor.Portal.UserId), (row.Name, row.Cpf, row.Phone, row.Email, row.PortalUserId));
        Assert.Null(row.AnonymisedAt);
        Assert.Equal(ErasureStatus.Pending, (await db.ErasureRequests.AsNoTracking().SingleAsync(r => r.Id == requestId)).Status);
        Assert.True(await db.Users.AnyAsync(u => u.Id == tutor.Portal.UserId));

        // The admin refuses it with a reason (required), which the tutor reads in the portal.
        Assert.Equal("Erasure.Error.ReasonRequired", (await Assert.ThrowsAsync<DomainRuleException>(() => erasure.RefuseAsync(requestId, "  "))).Message);
        await erasure.RefuseAsync(requestId, "Fatura em aberto");
        await using var scope = await PortalTutors.ScopeAsync(_app, tutor.Portal);
        var mine = (await scope.ServiceProvider.GetRequiredService<MyDataService>().GetAsync()).Erasure;
        Assert.Equal((ErasureStatus.Refused, "Fatura em aberto"), (mine!.Status, mine.RefusalReason));
        Assert.Equal("Erasure.Error.AlreadyDecided", (await Assert.ThrowsAsync<DomainRuleException>(() => erasure.ApproveAsync(requestId))).Message);
        await invoices.RegisterPaymentAsync(invoiceId, PaymentMethod.Cash, 50m, null);
    }

    [Fact]
    public async Task Only_admins_review_and_record_requests()
    {
        var tutor = await PortalTutors.CreateAsync(_app, "aurora");
        await using (var scope = await PortalTutors.ScopeAsync(_app, tutor))
        {
            await scope.ServiceProvider.GetRequiredService<MyDataService>().RequestErasureAsync();
        }

        await using var admin = await Desk.AsAsync(_app, "aurora", Roles.Admin);
        var requestId = (await admin.Services.GetRequiredService<ErasureService>().ListAsync(tutor.TutorId)).Single().Id;
        foreach (var role in new[] { Roles.Receptionist, Roles.Veterinarian })
        {
            await using var staff = await Desk.AsAsync(_app, "aurora", role);
            var erasure = staff.Services.GetRequiredService<ErasureService>();
            Assert.Equal("Common.Error.NotAllowed", (await Assert.ThrowsAsync<DomainRuleException>(() => erasure.ApproveAsync(requestId))).Message);
            await Assert.ThrowsAsync<DomainRuleException>(() => erasure.RefuseAsync(requestId, "não"));
            await Assert.ThrowsAsync<DomainRuleException>(() => erasure.ListAsync());
            await Assert.ThrowsAsync<DomainRuleException>(() => erasure.RecordRequestAsync(tutor.TutorId, null));
        }

        await using (var scope = await PortalTutors.ScopeAsync(_app, tutor))
        {
            await Assert.ThrowsAsync<DomainRuleException>(() => scope.ServiceProvider.GetRequiredService<ErasureService>().ApproveAsync(requestId));
        }

        await using var db = await admin.Services.GetRequiredService<ClinicDbFactory>().CreateDbContextAsync();
        Assert.Equal(ErasureStatus.Pending, (await db.ErasureRequests.AsNoTracking().SingleAsync(r => r.Id == requestId)).Status);
        Assert.Null((await db.Tutors.AsNoTracking().SingleAsync(t => t.Id == tutor.TutorId)).AnonymisedAt);
        await admin.Services.GetRequiredService<ErasureService>().RefuseAsync(requestId, "teste");
    }

    /// <summary>Waits until the dispatcher has dealt with the tutor's messages (kept without an e-mail
    /// server), and returns the files it wrote for them.</summary>
    private static async Task<List<string>> SettledOutboxFilesAsync(Desk admin, Guid tutorId)
    {
        var folder = admin.Services.GetRequiredService<OutboxFolder>();
        var until = DateTime.UtcNow + Wait;
        while (true)
        {
            await using var db = await admin.Services.GetRequiredService<ClinicDbFactory>().CreateDbContextAsync();
            var invoiceIds = db.Invoices.Where(i => i.TutorId == tutorId).Select(i => i.Id);
            var rows = await db.OutboxMessages.AsNoTracking()
                .Where(o => o.TutorId == tutorId || (o.InvoiceId != null && invoiceIds.Contains(o.InvoiceId.Value))).ToListAsync();
            if (rows.All(o => !o.IsUnsent) || DateTime.UtcNow > until)
            {
                Assert.Contains(rows, o => o.Channel == OutboxChannel.Email && o.Status == OutboxStatus.Kept && o.File is not null);
                return rows.Select(o => folder.Find(o.File)).OfType<string>().ToList();
            }

            await Task.Delay(200);
        }
    }

    /// <summary>"Table.Column" for every TEXT column of every table holding one of the values.</summary>
    private static async Task<List<string>> TracesAsync(ClinicApp.Data.ClinicDbContext db, IReadOnlyList<string> needles)
    {
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        var columns = new List<(string Table, string Column)>();
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = """
                SELECT m.name, p.name FROM sqlite_master m JOIN pragma_table_info(m.name) p
                WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND upper(p.type) LIKE '%TEXT%'
                """;
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                columns.Add((reader.GetString(0), reader.GetString(1)));
            }
        }

        Assert.True(columns.Count > 100, $"only {columns.Count} text columns found");
        Assert.Contains(columns, c => c == ("Tutors", "Name"));
        Assert.Contains(columns, c => c == ("OutboxMessages", "Body"));
        var traces = new List<string>();
        foreach (var (table, column) in columns)
        {
            foreach (var needle in needles)
            {
                await using var command = connection.CreateCommand();
                command.CommandText = $"SELECT COUNT(*) FROM \"{table}\" WHERE \"{column}\" LIKE '%' || $needle || '%'";
                var parameter = command.CreateParameter();
                parameter.ParameterName = "$needle";
                parameter.Value = needle;
                command.Parameters.Add(parameter);
                if (Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture) > 0)
                {
                    traces.Add($"{table}.{column} has {needle}");
                }
            }
        }

        return traces;
    }
}

using ClinicApp.Common;
using ClinicApp.Data;
using ClinicApp.Data.Billing;
using ClinicApp.Data.Common;
using ClinicApp.Data.Identity;
using ClinicApp.Features.Tutors;
using ClinicApp.Infrastructure.Email;
using ClinicApp.Infrastructure.Realtime;
using ClinicApp.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace ClinicApp.Features.Invoices;

public sealed record InvoiceQuery(InvoiceStatus? Status = null, DateOnly? From = null, DateOnly? To = null, string? Search = null, int Page = 0, int PageSize = 25);

public sealed record InvoiceRow(Guid Id, int Number, DateTime IssuedAt, Guid TutorId, string TutorName, string? PetName, InvoiceStatus Status, decimal Total, decimal Balance);

public sealed record InvoiceDetails(Invoice Invoice, string TutorName, string? TutorEmail, string? TutorPhone, string? TutorCpf, string? PetName, IReadOnlyDictionary<Guid, string> RecordedBy);

/// <summary>Published after an invoice changes (items, payments, status): open invoice pages reload.</summary>
public sealed record InvoiceChanged(Guid InvoiceId);

/// <summary>Invoices of the current hospital: creation, items, discount, manual payments, cancellation,
/// and the charges care posts by itself (<see cref="PostChargeAsync"/>).</summary>
public sealed class InvoiceService(ClinicDbFactory dbFactory, CurrentActor actor, HospitalTime hospitalTime, HospitalEvents events, IEnumerable<IPaymentObserver> observers,
    ReceiptOutbox receipts, OutboxSignal outbox)
{
    /// <summary>Who takes money: the front desk and admins (vets only look).</summary>
    public const string Cashiers = Roles.Admin + "," + Roles.Receptionist;

    public async Task<Page<InvoiceRow>> ListAsync(InvoiceQuery query, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var invoices = db.Invoices.AsNoTracking();
        if (query.Status is { } status)
        {
            invoices = invoices.Where(i => i.Status == status);
        }

        if (query.From is { } from)
        {
            var fromUtc = hospitalTime.StartOfDayUtc(from);
            invoices = invoices.Where(i => i.IssuedAt >= fromUtc);
        }

        if (query.To is { } to)
        {
            var toUtc = hospitalTime.StartOfDayUtc(to.AddDays(1));
            invoices = invoices.Where(i => i.IssuedAt < toUtc);
        }

        foreach (var word in SearchText.Words(query.Search))
        {
            invoices = int.TryParse(word, System.Globalization.CultureInfo.InvariantCulture, out var number)
                ? invoices.Where(i => i.Tutor!.SearchText.Contains(word) || i.Number == number)
                : invoices.Where(i => i.Tutor!.SearchText.Contains(word));
        }

        var total = await invoices.CountAsync(ct);
        var pageSize = Math.Clamp(query.PageSize, 1, 200);
        var rows = await invoices.OrderByDescending(i => i.Number).Skip(Math.Max(0, query.Page) * pageSize).Take(pageSize)
            .Select(i => new InvoiceRow(i.Id, i.Number, i.IssuedAt, i.TutorId, i.Tutor!.Name, i.Pet == null ? null : i.Pet.Name, i.Status, i.Total, i.Balance))
            .ToListAsync(ct);
        return new Page<InvoiceRow>(rows, total);
    }

    public async Task<InvoiceDetails?> GetAsync(Guid id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var invoice = await db.Invoices.AsNoTracking().AsSplitQuery()
            .Include(i => i.Items.OrderBy(x => x.CreatedAt))
            .Include(i => i.Payments.OrderBy(p => p.PaidAt))
            .Include(i => i.Tutor)
            .Include(i => i.Pet)
            .FirstOrDefaultAsync(i => i.Id == id, ct);
        if (invoice?.Tutor is null)
        {
            return null;
        }

        var people = invoice.Payments.Select(p => p.RecordedById).OfType<Guid>().Distinct().ToList();
        var names = await db.Users.AsNoTracking().Where(u => people.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
        return new InvoiceDetails(invoice, invoice.Tutor.Name, invoice.Tutor.Email, invoice.Tutor.Phone, invoice.Tutor.Cpf, invoice.Pet?.Name, names);
    }

    /// <summary>The tutor's invoices still to be paid, and what remains of them.</summary>
    public async Task<(int Count, decimal Balance)> OpenBalanceAsync(Guid tutorId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var open = await db.Invoices.AsNoTracking()
            .Where(i => i.TutorId == tutorId && (i.Status == InvoiceStatus.Open || i.Status == InvoiceStatus.PartiallyPaid))
            .Select(i => i.Balance).ToListAsync(ct);
        return (open.Count, open.Sum());
    }

    public async Task<IReadOnlyList<InvoiceRow>> OfPetAsync(Guid petId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Invoices.AsNoTracking().Where(i => i.PetId == petId).OrderByDescending(i => i.IssuedAt)
            .Select(i => new InvoiceRow(i.Id, i.Number, i.IssuedAt, i.TutorId, i.Tutor!.Name, i.Pet!.Name, i.Status, i.Total, i.Balance))
            .ToListAsync(ct);
    }

    public async Task<IReadOnlyList<PriceItem>> PriceListAsync(bool includeInactive = false, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.PriceItems.AsNoTracking().Where(p => includeInactive || p.IsActive).OrderBy(p => p.Name).ToListAsync(ct);
    }

    /// <summary>Adds (id null) or changes a line of the price list (Admin). Invoices already issued keep their prices.</summary>
    public async Task SavePriceAsync(Guid? id, string name, ChargeKind kind, decimal price, bool active, Data.FrontDesk.AppointmentType? chargesAppointment, CancellationToken ct = default)
    {
        actor.Require(Roles.Admin);
        var trimmed = string.IsNullOrWhiteSpace(name) ? throw new DomainRuleException("Invoices.Error.ItemDescription") : name.Trim();
        Amounts.RequireMoneyOrZero(price, "Invoices.Error.Price");

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (chargesAppointment is { } type && await db.PriceItems.AnyAsync(p => p.ChargesAppointment == type && p.Id != id, ct))
        {
            throw new DomainRuleException("Prices.Error.TypeTaken");
        }

        var item = id is { } existing
            ? await db.PriceItems.FirstOrDefaultAsync(p => p.Id == existing, ct) ?? throw new DomainRuleException("Common.Error.NotFound")
            : db.PriceItems.Add(new PriceItem { Name = trimmed }).Entity;
        item.Name = trimmed;
        item.Kind = kind;
        item.Price = price;
        item.IsActive = active;
        item.ChargesAppointment = chargesAppointment;
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Opens an empty invoice for a tutor (and one of their pets).</summary>
    public async Task<Guid> CreateAsync(Guid tutorId, Guid? petId, string? notes = null, CancellationToken ct = default)
    {
        actor.Require(Cashiers);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await EnsureTutorAndPetAsync(db, tutorId, petId, ct);
        var invoice = new Invoice { TutorId = tutorId, PetId = petId, Notes = TypedText.Clean(notes), IssuedAt = hospitalTime.UtcNow };
        await InsertNumberedAsync(db, invoice, ct);
        await events.PublishAsync(new InvoiceChanged(invoice.Id));
        return invoice.Id;
    }

    public Task AddItemAsync(Guid invoiceId, string description, ChargeKind kind, decimal quantity, decimal unitPrice, Guid? priceItemId = null, CancellationToken ct = default) =>
        ChangeAsync(invoiceId, Cashiers, invoice => invoice.AddItem(description, kind, quantity, unitPrice, priceItemId), ct);

    public async Task AddFromPriceListAsync(Guid invoiceId, Guid priceItemId, decimal quantity, CancellationToken ct = default)
    {
        PriceItem item;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            item = await db.PriceItems.AsNoTracking().FirstOrDefaultAsync(p => p.Id == priceItemId && p.IsActive, ct)
                ?? throw new DomainRuleException("Common.Error.NotFound");
        }

        await AddItemAsync(invoiceId, item.Name, item.Kind, quantity, item.Price, item.Id, ct);
    }

    public Task RemoveItemAsync(Guid invoiceId, Guid itemId, CancellationToken ct = default) =>
        ChangeAsync(invoiceId, Cashiers, invoice => invoice.RemoveItem(itemId), ct);

    public Task SetDiscountAsync(Guid invoiceId, decimal discount, CancellationToken ct = default) =>
        !Amounts.IsMoneyOrZero(discount) ? throw new DomainRuleException("Invoices.Error.Discount") : ChangeAsync(invoiceId, Cashiers, invoice => invoice.SetDiscount(discount), ct);

    /// <summary>Registers a payment taken at the desk (cash, card, Pix). Online payments come only from
    /// the payment provider (<see cref="RecordOnlinePaymentAsync"/>).</summary>
    public async Task<Guid> RegisterPaymentAsync(Guid invoiceId, PaymentMethod method, decimal amount, string? reference, CancellationToken ct = default)
    {
        // Refused before anything is loaded or sent: the desk's field no longer coerces, and neither does the service.
        Amounts.RequirePositiveMoney(amount, "Invoices.Error.Amount");
        if (method == PaymentMethod.Online || !Enum.IsDefined(method))
        {
            throw new DomainRuleException("Invoices.Error.Method");
        }

        if (method == PaymentMethod.Pix && string.IsNullOrWhiteSpace(reference))
        {
            throw new DomainRuleException("Invoices.Error.PixReference");
        }

        Payment? payment = null;
        // PaymentRecordedAsync announces the change (as it does for online payments): not twice. The
        // receipt's outbox row goes into the same save as the payment.
        await ChangeAsync(invoiceId, Cashiers, invoice => payment = invoice.Pay(method, amount, hospitalTime.UtcNow, reference, actor.UserId), ct, announce: false,
            beforeSave: (db, invoice) => receipts.AddAsync(db, invoice, payment!, ct));
        await PaymentRecordedAsync(invoiceId, payment!.Id, ct);
        return payment.Id;
    }

    /// <summary>Tells the live pages, the outbox (its receipt was saved with it) and the <see cref="IPaymentObserver"/>s
    /// that a payment was saved; the payment provider's webhook calls it after its own save.</summary>
    public async Task PaymentRecordedAsync(Guid invoiceId, Guid paymentId, CancellationToken ct = default)
    {
        outbox.Wake();
        await events.PublishAsync(new InvoiceChanged(invoiceId));
        await events.PublishAsync(new PaymentRecorded(invoiceId, paymentId));
        foreach (var observer in observers)
        {
            await observer.PaymentRecordedAsync(invoiceId, paymentId, ct);
        }
    }

    /// <summary>Records a payment confirmed by the payment provider, in the caller's context and
    /// transaction (the webhook stores the event id in the same save). Returns null when the invoice
    /// cannot take it (already paid, cancelled): the money is then the provider's to refund.</summary>
    public static Payment? RecordOnlinePayment(Invoice invoice, decimal amount, string providerId, DateTime atUtc)
    {
        if (invoice.Payments.Any(p => p.ProviderPaymentId == providerId))
        {
            return null;
        }

        try
        {
            return invoice.Pay(PaymentMethod.Online, amount, atUtc, providerId, recordedBy: null, providerId);
        }
        catch (DomainRuleException)
        {
            return null;
        }
    }

    /// <summary>Cancels an invoice nothing was paid on (Admin; reason required).</summary>
    public Task CancelAsync(Guid invoiceId, string? reason, CancellationToken ct = default) =>
        ChangeAsync(invoiceId, Roles.Admin, invoice => invoice.Cancel(reason, hospitalTime.UtcNow), ct);

    /// <summary>Care posts its own charge: adds the line to the visit's open invoice (created when
    /// missing) exactly once per <paramref name="sourceKey"/>, however often it is called.</summary>
    public async Task PostChargeAsync(string visitKey, Guid tutorId, Guid? petId, string sourceKey, string description, ChargeKind kind, decimal quantity, decimal unitPrice, CancellationToken ct = default)
    {
        for (var attempt = 0; ; attempt++)
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            if (await db.InvoiceItems.AnyAsync(i => i.SourceKey == sourceKey, ct))
            {
                return;
            }

            var invoice = await db.Invoices.Include(i => i.Items).Include(i => i.Payments)
                .FirstOrDefaultAsync(i => i.VisitKey == visitKey && (i.Status == InvoiceStatus.Open || i.Status == InvoiceStatus.PartiallyPaid), ct);
            var isNew = invoice is null;
            invoice ??= new Invoice { TutorId = tutorId, PetId = petId, VisitKey = visitKey, IssuedAt = hospitalTime.UtcNow };
            invoice.AddItem(description, kind, quantity, unitPrice, sourceKey: sourceKey);
            try
            {
                if (isNew)
                {
                    await InsertNumberedAsync(db, invoice, ct);
                }
                else
                {
                    await db.SaveChangesAsync(ct);
                }

                await events.PublishAsync(new InvoiceChanged(invoice.Id));
                return;
            }
            catch (DbUpdateException) when (attempt < 3)
            {
                // Another charge of the same visit, or the same charge, was posted at this moment: look again.
            }
        }
    }

    /// <summary>Care takes back its own charge (a dose undone): removes the line of
    /// <paramref name="sourceKey"/> while its invoice is open with nothing paid. True when there is no
    /// such line any more; false when it is on an invoice with payments, paid or cancelled.</summary>
    public async Task<bool> WithdrawChargeAsync(string sourceKey, CancellationToken ct = default)
    {
        for (var attempt = 0; ; attempt++)
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var invoiceId = await db.InvoiceItems.Where(i => i.SourceKey == sourceKey).Select(i => (Guid?)i.InvoiceId).FirstOrDefaultAsync(ct);
            if (invoiceId is null)
            {
                return true;
            }

            var invoice = await db.Invoices.Include(i => i.Items).Include(i => i.Payments).FirstAsync(i => i.Id == invoiceId, ct);
            if (invoice.Status != InvoiceStatus.Open || invoice.Payments.Count > 0)
            {
                return false;
            }

            invoice.RemoveItem(invoice.Items.Single(i => i.SourceKey == sourceKey).Id);
            try
            {
                await db.SaveChangesAsync(ct);
                await events.PublishAsync(new InvoiceChanged(invoice.Id));
                return true;
            }
            catch (DbUpdateConcurrencyException) when (attempt < 3)
            {
                // A payment or another line at this moment: look again (a payment then refuses).
            }
        }
    }

    private async Task ChangeAsync(Guid invoiceId, string roles, Action<Invoice> change, CancellationToken ct, bool announce = true,
        Func<ClinicDbContext, Invoice, Task>? beforeSave = null)
    {
        actor.Require(roles);
        for (var attempt = 0; ; attempt++)
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var invoice = await db.Invoices.Include(i => i.Items).Include(i => i.Payments).FirstOrDefaultAsync(i => i.Id == invoiceId, ct)
                ?? throw new DomainRuleException("Common.Error.NotFound");
            change(invoice);
            if (beforeSave is not null)
            {
                await beforeSave(db, invoice);
            }

            try
            {
                await db.SaveChangesAsync(ct);
                if (announce)
                {
                    await events.PublishAsync(new InvoiceChanged(invoiceId));
                }

                return;
            }
            catch (DbUpdateConcurrencyException) when (attempt < 3)
            {
                // Someone changed the invoice at the same moment (another payment, an item): the change
                // is applied again to what they saved, so its rules (no overpayment) see both.
            }
            catch (DbUpdateConcurrencyException)
            {
                throw new DomainRuleException("Common.Error.Concurrency");
            }
        }
    }

    /// <summary>Inserts the invoice with the next number; two desks numbering at once retry.</summary>
    private static async Task InsertNumberedAsync(ClinicDbContext db, Invoice invoice, CancellationToken ct)
    {
        db.Invoices.Add(invoice);
        for (var attempt = 0; ; attempt++)
        {
            invoice.Number = (await db.Invoices.MaxAsync(i => (int?)i.Number, ct) ?? 1000) + 1;
            try
            {
                await db.SaveChangesAsync(ct);
                return;
            }
            catch (DbUpdateException e) when (attempt < 5 && DbErrors.IsUniqueViolation(e) && DbErrors.Detail(e).Contains("Number", StringComparison.Ordinal))
            {
                // Taken a moment ago by another desk: take the next.
            }
        }
    }

    private static async Task EnsureTutorAndPetAsync(ClinicDbContext db, Guid tutorId, Guid? petId, CancellationToken ct)
    {
        if (!await db.Tutors.AnyAsync(t => t.Id == tutorId, ct))
        {
            throw new DomainRuleException("Invoices.Error.Tutor");
        }

        if (petId is { } pet && !await db.Pets.AnyAsync(p => p.Id == pet && p.TutorId == tutorId, ct))
        {
            throw new DomainRuleException("Invoices.Error.Pet");
        }
    }
}

/// <summary>Published after a payment is recorded (desk or provider): receipts are emailed on it.</summary>
public sealed record PaymentRecorded(Guid InvoiceId, Guid PaymentId);

using ClinicApp.Data.Billing;
using ClinicApp.Features.Invoices;
using ClinicApp.Features.Payments;
using ClinicApp.Infrastructure.Pdf;
using ClinicApp.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace ClinicApp.Features.Portal;

/// <summary>What the tutor owes: the open invoices' count and balance, and the one to pay when there is
/// exactly one (the home card's "pay" goes straight to it).</summary>
public sealed record PortalBalance(IReadOnlyList<Guid> OpenInvoiceIds, decimal Balance, bool CanPayOnline)
{
    public int OpenCount => OpenInvoiceIds.Count;

    public Guid? SingleOpenInvoiceId => OpenInvoiceIds is [var only] ? only : null;
}

/// <summary>An invoice in the tutor's list; times UTC.</summary>
public sealed record PortalInvoiceRow(Guid Id, int Number, DateTime IssuedAt, string? PetName, InvoiceStatus Status, decimal Total, decimal Balance)
{
    public bool IsOpen => Status is InvoiceStatus.Open or InvoiceStatus.PartiallyPaid;
}

public sealed record PortalInvoiceItem(string Description, decimal Quantity, decimal UnitPrice, decimal Total);

public sealed record PortalPayment(Guid Id, PaymentMethod Method, decimal Amount, DateTime PaidAt);

/// <summary>One of the tutor's invoices as the portal shows it: no internal notes, no staff names.</summary>
public sealed record PortalInvoice(
    Guid Id,
    int Number,
    DateTime IssuedAt,
    string? PetName,
    InvoiceStatus Status,
    IReadOnlyList<PortalInvoiceItem> Items,
    decimal Subtotal,
    decimal Discount,
    decimal Total,
    decimal Paid,
    decimal Balance,
    IReadOnlyList<PortalPayment> Payments,
    bool CanPayOnline)
{
    public bool IsOpen => Status is InvoiceStatus.Open or InvoiceStatus.PartiallyPaid;
}

/// <summary>The signed-in tutor's invoices in the portal: the open balance, the list, one invoice with its
/// payments, "pay now" through the payment-link flow, and the invoice and receipt PDFs. Cancelled invoices
/// (never owed) and empty ones (opened by the desk, nothing charged yet) are not shown. The tutor is
/// always the one <see cref="PortalAccess"/> knows; anything else answers "not found".</summary>
public sealed class PortalInvoices(
    ClinicDbFactory dbFactory,
    PortalAccess access,
    PaymentLinks links,
    InvoiceService invoices,
    TenantContext tenant,
    IStringLocalizer<SharedResource> localizer)
{
    /// <summary>The open balance for the home card; null for anyone who is not a portal tutor.</summary>
    public async Task<PortalBalance?> BalanceAsync(CancellationToken ct = default)
    {
        if (await access.TutorIdAsync(ct) is not { } tutorId)
        {
            return null;
        }

        await using var db = dbFactory.CreateDbContext();
        var open = await Shown(db, tutorId)
            .Where(i => (i.Status == InvoiceStatus.Open || i.Status == InvoiceStatus.PartiallyPaid) && i.Balance > 0)
            .Select(i => new { i.Id, i.Balance })
            .ToListAsync(ct);
        return new PortalBalance(open.Select(i => i.Id).ToList(), open.Sum(i => i.Balance), open.Count > 0 && await links.CanTakeOnlinePaymentsAsync(ct));
    }

    /// <summary>The tutor's invoices: the open ones first, then newest first.</summary>
    public async Task<IReadOnlyList<PortalInvoiceRow>> ListAsync(CancellationToken ct = default)
    {
        var tutorId = await access.RequireTutorIdAsync(ct);
        await using var db = dbFactory.CreateDbContext();
        var rows = await Shown(db, tutorId)
            .Select(i => new PortalInvoiceRow(i.Id, i.Number, i.IssuedAt, i.Pet == null ? null : i.Pet.Name, i.Status, i.Total, i.Balance))
            .ToListAsync(ct);
        return rows.OrderByDescending(r => r.IsOpen).ThenByDescending(r => r.IssuedAt).ThenByDescending(r => r.Number).ToList();
    }

    /// <summary>One of the tutor's invoices, or a <see cref="PortalNotFoundException"/>.</summary>
    public async Task<PortalInvoice> GetAsync(Guid invoiceId, CancellationToken ct = default)
    {
        var tutorId = await access.RequireTutorIdAsync(ct);
        await using var db = dbFactory.CreateDbContext();
        var invoice = await Shown(db, tutorId).AsSplitQuery()
            .Include(i => i.Items.OrderBy(x => x.CreatedAt))
            .Include(i => i.Payments.OrderBy(p => p.PaidAt))
            .Include(i => i.Pet)
            .FirstOrDefaultAsync(i => i.Id == invoiceId, ct)
            ?? throw new PortalNotFoundException();
        var online = invoice.IsEditable && invoice.Balance > 0 && await links.CanTakeOnlinePaymentsAsync(ct);
        return new PortalInvoice(
            invoice.Id, invoice.Number, invoice.IssuedAt, invoice.Pet?.Name, invoice.Status,
            invoice.Items.Select(i => new PortalInvoiceItem(i.Description, i.Quantity, i.UnitPrice, i.Total)).ToList(),
            invoice.Subtotal, invoice.Discount, invoice.Total, invoice.Paid, invoice.Balance,
            invoice.Payments.Select(p => new PortalPayment(p.Id, p.Method, p.Amount, p.PaidAt)).ToList(),
            online);
    }

    /// <summary>"Pay now": the address of the invoice's pay page (the same link the desk sends).</summary>
    public async Task<string> PayLinkAsync(Guid invoiceId, CancellationToken ct = default)
    {
        await GetAsync(invoiceId, ct);
        return await links.CreateOrGetForTutorAsync(invoiceId, await access.RequireTutorIdAsync(ct), ct)
            ?? throw new PortalNotFoundException();
    }

    /// <summary>The invoice PDF; null when it is not one of the tutor's shown invoices.</summary>
    public async Task<PdfFile?> InvoicePdfAsync(Guid invoiceId, CancellationToken ct = default) =>
        await OwnDetailsAsync(invoiceId, ct) is { } details ? InvoiceDocuments.RenderInvoice(details, tenant.Tenant, localizer) : null;

    /// <summary>A payment's receipt; null unless both the invoice and the payment are the tutor's.</summary>
    public async Task<PdfFile?> ReceiptPdfAsync(Guid invoiceId, Guid paymentId, CancellationToken ct = default) =>
        await OwnDetailsAsync(invoiceId, ct) is { } details && details.Invoice.Payments.Any(p => p.Id == paymentId)
            ? InvoiceDocuments.RenderReceipt(details, paymentId, tenant.Tenant, localizer)
            : null;

    private async Task<InvoiceDetails?> OwnDetailsAsync(Guid invoiceId, CancellationToken ct)
    {
        if (await access.TutorIdAsync(ct) is not { } tutorId)
        {
            return null;
        }

        await using (var db = dbFactory.CreateDbContext())
        {
            if (!await Shown(db, tutorId).AnyAsync(i => i.Id == invoiceId, ct))
            {
                return null;
            }
        }

        // The staff's own rendering of the same invoice: the PDF the tutor gets is the one the desk prints.
        return await invoices.GetAsync(invoiceId, ct);
    }

    private static IQueryable<Invoice> Shown(ClinicApp.Data.ClinicDbContext db, Guid tutorId) =>
        db.Invoices.AsNoTracking().Where(i => i.TutorId == tutorId && i.Status != InvoiceStatus.Cancelled && i.Items.Any());
}

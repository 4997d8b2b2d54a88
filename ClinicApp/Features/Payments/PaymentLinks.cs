using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using ClinicApp.Data.Billing;
using ClinicApp.Data.Common;
using ClinicApp.Data.Identity;
using ClinicApp.Data.Messaging;
using ClinicApp.Features.Invoices;
using ClinicApp.Features.Messaging;
using ClinicApp.Features.Settings;
using ClinicApp.Components.Shared;
using ClinicApp.Infrastructure.Email;
using ClinicApp.Tenancy;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Stripe.Checkout;
using InvoiceService = ClinicApp.Features.Invoices.InvoiceService;
using PaymentLink = ClinicApp.Data.Billing.PaymentLink;
using StripeException = Stripe.StripeException;

namespace ClinicApp.Features.Payments;

public sealed record PayLine(string Description, decimal Quantity, decimal Total);

/// <summary>What the public pay page shows a tutor (no sign-in).</summary>
public sealed record PayView(string HospitalName, int Number, IReadOnlyList<PayLine> Items, decimal Total, decimal Paid, decimal Balance, InvoiceStatus Status, bool OnlineAvailable);

public enum CheckoutOutcome
{
    Redirect,
    NotFound,
    NothingToPay,
    NotAvailable,
    Failed,
}

public sealed record CheckoutResult(CheckoutOutcome Outcome, string? Url = null);

/// <summary>A live link whose invoice still has a balance, and the last checkout started from it.</summary>
public sealed record OpenCheckout(Guid InvoiceId, Guid LinkId, decimal Balance, string? SessionId);

/// <summary>What the payment-link button tells the desk: the address, and where the e-mail stands
/// (no address; sent; waiting in the outbox; or kept because no e-mail server is set up).</summary>
public sealed record SentPaymentLink(string Url, string? EmailedTo, OutboxStatus? EmailStatus);

/// <summary>What "send by WhatsApp" did: queued to <see cref="SentTo"/>, or not, because of <see cref="NotReached"/>.</summary>
public sealed record WhatsAppPaymentLink(string Url, string? SentTo, ReachProblem? NotReached);

/// <summary>Payment links: an unguessable address per invoice that a tutor opens without signing in,
/// and the Stripe Checkout Session started from it. The money is recorded only by the webhook.</summary>
public sealed class PaymentLinks(
    ClinicDbFactory dbFactory,
    CurrentActor actor,
    HospitalTime time,
    TenantContext tenant,
    IntegrationSettingsService integrations,
    StripeCheckout stripe,
    IServiceProvider services,
    InvoiceService invoices,
    HospitalMailer mailer,
    IStringLocalizer<SharedResource> localizer,
    ILogger<PaymentLinks> logger)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(14);

    public static readonly TimeSpan SessionLifetime = TimeSpan.FromMinutes(30);

    /// <summary>The live link of the invoice, or a new one (Cashiers; an open balance is required).
    /// Returns its absolute address.</summary>
    public async Task<string> CreateOrGetAsync(Guid invoiceId, CancellationToken ct = default)
    {
        actor.Require(InvoiceService.Cashiers);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var invoice = await db.Invoices.AsNoTracking().FirstOrDefaultAsync(i => i.Id == invoiceId, ct)
            ?? throw new DomainRuleException("Common.Error.NotFound");
        return AbsoluteUrl($"pay/{await LiveTokenAsync(db, invoice, ct)}");
    }

    /// <summary>The portal's "pay now": the live link of one of a tutor's own invoices (made when missing),
    /// as the address of the pay page; null for an invoice of anyone else (or of no one), like a missing
    /// one. The portal passes the signed-in tutor's id (it knows who that is; Payments does not), and only
    /// a tutor's account may ask. Refused while the hospital cannot take online payments.</summary>
    public async Task<string?> CreateOrGetForTutorAsync(Guid invoiceId, Guid tutorId, CancellationToken ct = default)
    {
        actor.Require(Roles.Tutor);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var invoice = await db.Invoices.AsNoTracking().FirstOrDefaultAsync(i => i.Id == invoiceId && i.TutorId == tutorId && i.Status != InvoiceStatus.Cancelled, ct);
        if (invoice is null)
        {
            return null;
        }

        if (!await CanTakeOnlinePaymentsAsync(ct))
        {
            throw new DomainRuleException("Payments.Error.OnlineUnavailable");
        }

        return AbsoluteUrl($"pay/{await LiveTokenAsync(db, invoice, ct)}");
    }

    private async Task<string> LiveTokenAsync(ClinicApp.Data.ClinicDbContext db, Invoice invoice, CancellationToken ct)
    {
        var invoiceId = invoice.Id;
        if (!invoice.IsEditable || invoice.Balance <= 0)
        {
            throw new DomainRuleException("Payments.Error.NothingToPay");
        }

        var now = time.UtcNow;
        var link = await db.PaymentLinks.AsNoTracking()
            .Where(l => l.InvoiceId == invoiceId && l.RevokedAt == null && l.ExpiresAt > now)
            .OrderByDescending(l => l.ExpiresAt)
            .FirstOrDefaultAsync(ct);
        if (link is null)
        {
            link = new PaymentLink { InvoiceId = invoiceId, Token = NewToken(), ExpiresAt = now + Lifetime };
            db.PaymentLinks.Add(link);
            await db.SaveChangesAsync(ct);
        }

        return link.Token;
    }

    /// <summary>Whether a tutor who opens a link can pay it: the hospital has a usable Stripe account.
    /// Without one a link is a dead end, so the desk is not offered it.</summary>
    public async Task<bool> CanTakeOnlinePaymentsAsync(CancellationToken ct = default) =>
        IsUsable(await integrations.StripeAccountAsync(ct));

    /// <summary>What the invoice page's button calls: makes (or reuses) the link and emails it to the
    /// tutor when they have an address (queued in the outbox and returned at once: never silently dropped). Refused while the
    /// hospital cannot take online payments. Returns the link, the address and the e-mail's state, so
    /// the desk is told the truth (sent, waiting, or only kept).</summary>
    public async Task<SentPaymentLink> SendPaymentLinkAsync(Guid invoiceId, CancellationToken ct = default)
    {
        actor.Require(InvoiceService.Cashiers);
        if (!await CanTakeOnlinePaymentsAsync(ct))
        {
            throw new DomainRuleException("Payments.Error.OnlineUnavailable");
        }

        var url = await CreateOrGetAsync(invoiceId, ct);
        var details = await invoices.GetAsync(invoiceId, ct) ?? throw new DomainRuleException("Common.Error.NotFound");
        if (string.IsNullOrWhiteSpace(details.TutorEmail))
        {
            return new SentPaymentLink(url, null, null);
        }

        using var culture = HospitalCulture.Use(tenant.Tenant);
        var invoice = details.Invoice;
        var draft = new EmailDraft(details.TutorEmail, details.TutorName, localizer["Email.PaymentLink.Subject", invoice.Number, tenant.Tenant.Name],
            [
                localizer["Email.Greeting", details.TutorName],
                localizer["Email.PaymentLink.Body", invoice.Number, tenant.Tenant.Name, invoice.Balance.Brl()],
                localizer["Email.PaymentLink.Ignore"],
            ],
            (localizer["Email.PaymentLink.Button"], url), InvoiceId: invoiceId);
        // Only written to the outbox: the desk's dialog never waits for the mail server.
        var message = await mailer.EnqueueAsync(draft, ct);
        // Truthful to the desk: without an e-mail server the dispatcher will only keep the message.
        var status = message.Status == OutboxStatus.Pending && !await mailer.HasServerAsync(ct) ? OutboxStatus.Kept : message.Status;
        return new SentPaymentLink(url, message.To, status);
    }

    /// <summary>The desk's "send by WhatsApp" in the payment-link dialog: makes (or reuses) the link and
    /// queues it to the invoice's tutor as a <see cref="MessageKind.PaymentLink"/> message, when the tutor
    /// can be reached (consent, WhatsApp, a mobile); otherwise nothing is queued and the reason is returned.</summary>
    public async Task<WhatsAppPaymentLink> SendByWhatsAppAsync(Guid invoiceId, CancellationToken ct = default)
    {
        actor.Require(InvoiceService.Cashiers);
        if (!await CanTakeOnlinePaymentsAsync(ct))
        {
            throw new DomainRuleException("Payments.Error.OnlineUnavailable");
        }

        var url = await CreateOrGetAsync(invoiceId, ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var invoice = await db.Invoices.AsNoTracking().Where(i => i.Id == invoiceId).Select(i => new { i.TutorId, i.PetId }).FirstOrDefaultAsync(ct)
            ?? throw new DomainRuleException("Common.Error.NotFound");
        var queued = await TutorWhatsApp.QueueAsync(db, tenant.Tenant, invoice.TutorId, invoice.PetId, MessageKind.PaymentLink, link: url, invoiceId: invoiceId, ct: ct);
        if (queued.Row is null)
        {
            return new WhatsAppPaymentLink(url, null, queued.Problem);
        }

        await db.SaveChangesAsync(ct);
        services.GetRequiredService<WhatsAppOutbox>().Wake();
        return new WhatsAppPaymentLink(url, WhatsAppNumbers.Phone(queued.Row.To), null);
    }

    /// <summary>The open checkout of a live link (for the Development simulated checkout), or null.</summary>
    public async Task<OpenCheckout?> OpenCheckoutAsync(string token, CancellationToken ct = default)
    {
        if (!LooksLikeToken(token))
        {
            return null;
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = time.UtcNow;
        var link = await db.PaymentLinks.AsNoTracking().Include(l => l.Invoice)
            .FirstOrDefaultAsync(l => l.Token == token && l.RevokedAt == null && l.ExpiresAt > now, ct);
        return link?.Invoice is { IsEditable: true, Balance: > 0 } invoice
            ? new OpenCheckout(invoice.Id, link.Id, invoice.Balance, link.LastSessionId)
            : null;
    }

    /// <summary>The invoice behind a live link, or null (unknown, expired or revoked).</summary>
    public async Task<PayView?> FindAsync(string token, CancellationToken ct = default)
    {
        if (!LooksLikeToken(token))
        {
            return null;
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = time.UtcNow;
        var link = await db.PaymentLinks.AsNoTracking().AsSplitQuery()
            .Include(l => l.Invoice!).ThenInclude(i => i.Items.OrderBy(x => x.CreatedAt))
            .FirstOrDefaultAsync(l => l.Token == token && l.RevokedAt == null && l.ExpiresAt > now, ct);
        if (link?.Invoice is not { } invoice)
        {
            return null;
        }

        var account = await integrations.StripeAccountAsync(ct);
        return new PayView(
            tenant.Tenant.Name,
            invoice.Number,
            invoice.Items.Select(i => new PayLine(i.Description, i.Quantity, i.Total)).ToList(),
            invoice.Total,
            invoice.Paid,
            invoice.Balance,
            invoice.Status,
            IsUsable(account));
    }

    /// <summary>Starts a Stripe Checkout Session for the open balance. The attempt number is saved
    /// before Stripe is called, so the idempotency key of one attempt never changes.</summary>
    public async Task<CheckoutResult> StartCheckoutAsync(string token, string returnBase, CancellationToken ct = default)
    {
        if (!LooksLikeToken(token))
        {
            return new CheckoutResult(CheckoutOutcome.NotFound);
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = time.UtcNow;
        var link = await db.PaymentLinks.Include(l => l.Invoice)
            .FirstOrDefaultAsync(l => l.Token == token && l.RevokedAt == null && l.ExpiresAt > now, ct);
        if (link?.Invoice is not { } invoice)
        {
            return new CheckoutResult(CheckoutOutcome.NotFound);
        }

        if (!invoice.IsEditable || invoice.Balance <= 0)
        {
            return new CheckoutResult(CheckoutOutcome.NothingToPay);
        }

        var account = await integrations.StripeAccountAsync(ct);
        if (!IsUsable(account))
        {
            return new CheckoutResult(CheckoutOutcome.NotAvailable);
        }

        link.Attempts++;
        await db.SaveChangesAsync(ct);

        var hospital = tenant.Tenant;
        var methods = new List<string> { "card" };
        if (account.Pix)
        {
            methods.Add("pix");
        }

        var linkPath = $"{returnBase.TrimEnd('/')}/pay/{token}";
        var options = new SessionCreateOptions
        {
            Mode = "payment",
            ClientReferenceId = invoice.Id.ToString(),
            SuccessUrl = $"{linkPath}/success",
            CancelUrl = $"{linkPath}/cancel",
            ExpiresAt = now + SessionLifetime,
            Metadata = Metadata(hospital, invoice.Id, link.Id),
            PaymentIntentData = new SessionPaymentIntentDataOptions { Metadata = Metadata(hospital, invoice.Id, link.Id) },
            LineItems =
            [
                new SessionLineItemOptions
                {
                    Quantity = 1,
                    PriceData = new SessionLineItemPriceDataOptions
                    {
                        Currency = "brl",
                        UnitAmount = Money.ToCents(invoice.Balance),
                        ProductData = new SessionLineItemPriceDataProductDataOptions
                        {
                            Name = $"Fatura {invoice.Number.ToString(CultureInfo.InvariantCulture)} — {hospital.Name}",
                        },
                    },
                },
            ],
        };

        // payment_method_types is not typed in this Stripe.net version; Stripe sends it as given.
        options.AddExtraParam("payment_method_types", methods);
        try
        {
            var session = await stripe.CreateSessionAsync(account.SecretKey!, options, IdempotencyKey(invoice.Id, link.Attempts), ct);
            link.LastSessionId = session.Id;
            await db.SaveChangesAsync(ct);
            return string.IsNullOrEmpty(session.Url)
                ? new CheckoutResult(CheckoutOutcome.Failed)
                : new CheckoutResult(CheckoutOutcome.Redirect, session.Url);
        }
        catch (StripeException e)
        {
            logger.LogError("Stripe refused a checkout session for invoice {InvoiceId} (attempt {Attempt}): {Status} {Code}",
                invoice.Id, link.Attempts, e.HttpStatusCode, e.StripeError?.Code);
            return new CheckoutResult(CheckoutOutcome.Failed);
        }
    }

    public static string IdempotencyKey(Guid invoiceId, int attempt) =>
        string.Create(CultureInfo.InvariantCulture, $"invoice:{invoiceId}:attempt:{attempt}");

    /// <summary>256 random bits, base64url (43 characters).</summary>
    public static string NewToken() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    private static bool LooksLikeToken(string? token) => token is { Length: > 20 and <= 64 };

    private static bool IsUsable(StripeAccount account) => !string.IsNullOrEmpty(account.SecretKey) && !string.IsNullOrEmpty(account.WebhookSecret);

    private static Dictionary<string, string> Metadata(TenantInfo hospital, Guid invoiceId, Guid linkId) => new()
    {
        ["tenant"] = hospital.Slug,
        ["tenant_id"] = hospital.Id.ToString(),
        ["invoice_id"] = invoiceId.ToString(),
        ["payment_link_id"] = linkId.ToString(),
    };

    /// <summary>The hospital's address as the person sees it: the circuit's base URI on interactive
    /// screens, the request's on pages and endpoints; relative when neither is known (background work).</summary>
    private string AbsoluteUrl(string relative)
    {
        try
        {
            var navigation = services.GetService<NavigationManager>();
            if (navigation is not null)
            {
                return navigation.BaseUri + relative;
            }
        }
        catch (InvalidOperationException)
        {
            // Not a circuit nor a component render: fall back to the request.
        }

        if (services.GetService<IHttpContextAccessor>()?.HttpContext is { } http)
        {
            return $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}/{relative}";
        }

        return $"/{tenant.Tenant.Slug}/{relative}";
    }
}

using ClinicApp.Data.Billing;
using ClinicApp.Data.Identity;
using ClinicApp.Features.Invoices;
using ClinicApp.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace ClinicApp.Tests.Integration.Portal;

/// <summary>Invoices and stays of a given tutor, made by the desk and the vet as the hospital would.</summary>
public static class PortalData
{
    /// <summary>An invoice of the tutor's pet with one item of <paramref name="price"/>; <paramref name="paid"/>
    /// is taken in cash at the desk. Returns the invoice and the payment (when any).</summary>
    public static async Task<(Guid InvoiceId, Guid? PaymentId)> InvoiceAsync(ClinicAppFactory app, string slug, Guid tutorId, Guid? petId, decimal price = 150m, decimal paid = 0m, string item = "Consulta")
    {
        await using var desk = await Desk.AsAsync(app, slug, Roles.Receptionist);
        var invoices = desk.Services.GetRequiredService<InvoiceService>();
        var id = await invoices.CreateAsync(tutorId, petId);
        await invoices.AddItemAsync(id, item, ChargeKind.Consultation, 1, price);
        Guid? payment = paid > 0 ? await invoices.RegisterPaymentAsync(id, PaymentMethod.Cash, paid, null) : null;
        return (id, payment);
    }

    /// <summary>A tutor with no portal account and an invoice of their own: a row only the staff reach.</summary>
    public static async Task<Guid> StaffOnlyInvoiceAsync(ClinicAppFactory app, string slug)
    {
        Guid tutor, pet;
        await using (var desk = await Desk.AsAsync(app, slug))
        {
            pet = await desk.NewPetAsync();
            tutor = (await desk.Pets.GetAsync(pet))!.Tutor.Id;
        }

        return (await InvoiceAsync(app, slug, tutor, pet, 99m)).InvoiceId;
    }
}

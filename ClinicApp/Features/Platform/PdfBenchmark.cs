using ClinicApp.Demo;
using System.Diagnostics;
using System.Globalization;
using ClinicApp.Data.Billing;
using ClinicApp.Data.Catalog;
using ClinicApp.Features.Invoices;
using ClinicApp.Tenancy;
using Microsoft.Extensions.Localization;

using static ClinicApp.Features.Platform.BenchmarkTiming;

namespace ClinicApp.Features.Platform;

/// <summary><c>bench pdf [--items 200] [--iterations 30] [--seconds 5]</c>: renders an invoice of many items
/// (target under 200 ms) and measures receipts per second, in memory (no database).</summary>
public sealed class PdfBenchmark(IStringLocalizer<SharedResource> localizer)
{
    public async Task<int> RunAsync(string[] args, TextWriter output)
    {
        var items = Option(args, "--items", 200);
        var iterations = Option(args, "--iterations", 30);
        var seconds = Option(args, "--seconds", 5);
        var culture = CultureInfo.GetCultureInfo("pt-BR");
        CultureInfo.CurrentCulture = culture;
        CultureInfo.CurrentUICulture = culture;

        var hospital = new TenantInfo(Guid.NewGuid(), "bench", "Hospital Veterinário de Referência", "pt-BR", "America/Sao_Paulo", "BRL", HospitalStatus.Active, []);
        var invoice = new Invoice { Number = 1042, IssuedAt = DateTime.UtcNow };
        for (var i = 1; i <= items; i++)
        {
            invoice.AddItem($"Item {i}: consulta, exame ou medicamento com uma descrição razoavelmente longa", ChargeKind.Service, 1 + (i % 3), 10m + i);
        }

        var payment = invoice.Pay(PaymentMethod.Pix, 100m, DateTime.UtcNow, "E123456789", null);
        var details = new InvoiceDetails(invoice, "Maria da Silva Souza", "maria@example.com", null, "12345678909", "Rex", new Dictionary<Guid, string>());

        var first = InvoiceDocuments.RenderInvoice(details, hospital, localizer); // warm-up: fonts, JIT
        using var pdf = new MemoryStream(first.Content);
        var times = new List<double>();
        for (var i = 0; i < iterations; i++)
        {
            var watch = Stopwatch.StartNew();
            InvoiceDocuments.RenderInvoice(details, hospital, localizer);
            times.Add(watch.Elapsed.TotalMilliseconds);
        }

        times.Sort();
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"invoice, {items} items, {first.Content.Length / 1024} KiB: median {times[times.Count / 2]:F1} ms, p95 {times[(int)(times.Count * 0.95)]:F1} ms, max {times[^1]:F1} ms (target < 200 ms)"));

        InvoiceDocuments.RenderReceipt(details, payment.Id, hospital, localizer);
        var receipts = 0;
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed.TotalSeconds < seconds)
        {
            InvoiceDocuments.RenderReceipt(details, payment.Id, hospital, localizer);
            receipts++;
        }

        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"receipts: {receipts / clock.Elapsed.TotalSeconds:F0} pages/second (one thread, {receipts} in {clock.Elapsed.TotalSeconds:F1} s)"));
        return times[times.Count / 2] < 200 ? 0 : 1;
    }
}

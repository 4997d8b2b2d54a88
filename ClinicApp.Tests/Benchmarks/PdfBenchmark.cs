using System.Diagnostics;
using System.Globalization;
using ClinicApp.Data.Billing;
using ClinicApp.Data.Catalog;
using ClinicApp.Features.Invoices;
using ClinicApp.Tenancy;
using ClinicApp.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using Xunit.Abstractions;

using static ClinicApp.Tests.Benchmarks.BenchmarkTiming;

namespace ClinicApp.Tests.Benchmarks;

/// <summary>Invoice PDFs: renders an invoice of <c>--items</c> (200) items <c>--iterations</c> (30) times (the test
/// fails when the median is not under 200 ms) and counts receipts per second for <c>--seconds</c> (5), in memory: no
/// app and no database, only the texts as the app registers them. Options come from <c>BENCH_ARGS</c>. Not part of
/// the test run (Category=Benchmark): run with <c>scripts/bench-pdf.sh [--items N] [--iterations N] [--seconds N]</c>.</summary>
[Trait("Category", "Benchmark")]
public sealed class PdfBenchmark(ITestOutputHelper output)
{
    [Fact]
    public void Invoice_render_and_receipts_per_second()
    {
        var args = Arguments("--items", "--iterations", "--seconds");
        var items = Option(args, "--items", 200);
        var iterations = Option(args, "--iterations", 30);
        var seconds = Option(args, "--seconds", 5);
        using var services = new ServiceCollection().AddClinicTexts().BuildServiceProvider();
        var localizer = services.GetRequiredService<IStringLocalizer<SharedResource>>();
        using var culture = new CultureScope("pt-BR");

        var hospital = new TenantInfo(Guid.NewGuid(), "bench", "Hospital Veterinário de Referência", "pt-BR", "America/Sao_Paulo", "BRL", HospitalStatus.Active, []);
        var invoice = new Invoice { Number = 1042, IssuedAt = DateTime.UtcNow };
        for (var i = 1; i <= items; i++)
        {
            invoice.AddItem($"Item {i}: consulta, exame ou medicamento com uma descrição razoavelmente longa", ChargeKind.Service, 1 + (i % 3), 10m + i);
        }

        var payment = invoice.Pay(PaymentMethod.Pix, 100m, DateTime.UtcNow, "E123456789", null);
        var details = new InvoiceDetails(invoice, "Maria da Silva Souza", "maria@example.com", null, "12345678909", "Rex", new Dictionary<Guid, string>());

        var first = InvoiceDocuments.RenderInvoice(details, hospital, localizer); // warm-up: fonts, JIT
        var times = new List<double>();
        for (var i = 0; i < iterations; i++)
        {
            var watch = Stopwatch.StartNew();
            InvoiceDocuments.RenderInvoice(details, hospital, localizer);
            times.Add(watch.Elapsed.TotalMilliseconds);
        }

        times.Sort();
        Print($"invoice, {items} items, {first.Content.Length / 1024} KiB: median {times[times.Count / 2]:F1} ms, p95 {times[(int)(times.Count * 0.95)]:F1} ms, max {times[^1]:F1} ms (target < 200 ms)");

        InvoiceDocuments.RenderReceipt(details, payment.Id, hospital, localizer);
        var receipts = 0;
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed.TotalSeconds < seconds)
        {
            InvoiceDocuments.RenderReceipt(details, payment.Id, hospital, localizer);
            receipts++;
        }

        Print($"receipts: {receipts / clock.Elapsed.TotalSeconds:F0} pages/second (one thread, {receipts} in {clock.Elapsed.TotalSeconds:F1} s)");
        Assert.True(times[times.Count / 2] < 200, $"invoice median {times[times.Count / 2]:F1} ms, target < 200 ms");
    }

    private void Print(FormattableString line) => output.WriteLine(line.ToString(CultureInfo.InvariantCulture));
}

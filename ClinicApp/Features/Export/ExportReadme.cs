using System.Globalization;
using System.Text;
using Microsoft.Extensions.Localization;

namespace ClinicApp.Features.Export;

/// <summary>The export's README.md, in the current UI culture (the job sets the hospital's): what the
/// ZIP holds, the CSV conventions, the secrets left out, then every table with a line on what it
/// holds and its columns with their types.</summary>
public static class ExportReadme
{
    /// <summary>The main tables' one-line descriptions (resource keys); any other table gets the generic line.</summary>
    private static readonly Dictionary<string, string> Descriptions = new(StringComparer.Ordinal)
    {
        ["AspNetUsers"] = "Export.Readme.Table.AspNetUsers",
        ["AspNetRoles"] = "Export.Readme.Table.AspNetRoles",
        ["AspNetUserRoles"] = "Export.Readme.Table.AspNetUserRoles",
        ["AspNetUserTokens"] = "Export.Readme.Table.AspNetUserTokens",
        ["AuditEntries"] = "Export.Readme.Table.AuditEntries",
        ["Tutors"] = "Export.Readme.Table.Tutors",
        ["Pets"] = "Export.Readme.Table.Pets",
        ["PetWeights"] = "Export.Readme.Table.PetWeights",
        ["Vaccinations"] = "Export.Readme.Table.Vaccinations",
        ["Appointments"] = "Export.Readme.Table.Appointments",
        ["Consultations"] = "Export.Readme.Table.Consultations",
        ["Prescriptions"] = "Export.Readme.Table.Prescriptions",
        ["PrescriptionItems"] = "Export.Readme.Table.PrescriptionItems",
        ["MedicationAdministrations"] = "Export.Readme.Table.MedicationAdministrations",
        ["Medications"] = "Export.Readme.Table.Medications",
        ["Hospitalizations"] = "Export.Readme.Table.Hospitalizations",
        ["ProgressNotes"] = "Export.Readme.Table.ProgressNotes",
        ["VitalSigns"] = "Export.Readme.Table.VitalSigns",
        ["ExamRequests"] = "Export.Readme.Table.ExamRequests",
        ["ExamFiles"] = "Export.Readme.Table.ExamFiles",
        ["Invoices"] = "Export.Readme.Table.Invoices",
        ["InvoiceItems"] = "Export.Readme.Table.InvoiceItems",
        ["Payments"] = "Export.Readme.Table.Payments",
        ["PriceItems"] = "Export.Readme.Table.PriceItems",
        ["OutboxMessages"] = "Export.Readme.Table.OutboxMessages",
        ["InboundMessages"] = "Export.Readme.Table.InboundMessages",
        ["DataExports"] = "Export.Readme.Table.DataExports",
        ["__EFMigrationsHistory"] = "Export.Readme.Table.MigrationsHistory",
    };

    private static readonly Dictionary<string, string> Kinds = new(StringComparer.Ordinal)
    {
        ["Text"] = "Export.Readme.Type.Text",
        ["Integer"] = "Export.Readme.Type.Integer",
        ["Decimal"] = "Export.Readme.Type.Decimal",
        ["Number"] = "Export.Readme.Type.Number",
        ["Boolean"] = "Export.Readme.Type.Boolean",
        ["DateTime"] = "Export.Readme.Type.DateTime",
        ["Date"] = "Export.Readme.Type.Date",
        ["Time"] = "Export.Readme.Type.Time",
        ["Id"] = "Export.Readme.Type.Id",
        ["Binary"] = "Export.Readme.Type.Binary",
        ["Enum"] = "Export.Readme.Type.Enum",
    };

    public static string Build(IStringLocalizer l, string hospital, DateTime createdAtUtc, IReadOnlyList<ExportedTable> tables, int files)
    {
        var text = new StringBuilder();
        text.Append("# ").AppendLine(l["Export.Readme.Title", hospital]).AppendLine();
        text.AppendLine(l["Export.Readme.Created", createdAtUtc.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)]).AppendLine();
        text.AppendLine(l["Export.Readme.Contents", tables.Count, files]).AppendLine();
        text.Append("## ").AppendLine(l["Export.Readme.Format.Title"]).AppendLine();
        text.AppendLine(l["Export.Readme.Format.Body"]).AppendLine();
        text.Append("## ").AppendLine(l["Export.Readme.Secrets.Title"]).AppendLine();
        text.AppendLine(l["Export.Readme.Secrets.Body"]).AppendLine();
        var secrets = tables.SelectMany(t => t.Columns.Where(c => c.Secret).Select(c => $"`{t.Name}.{c.Name}`")).ToList();
        foreach (var secret in secrets)
        {
            text.Append("- ").AppendLine(secret);
        }

        text.AppendLine();
        text.Append("## ").AppendLine(l["Export.Readme.Tables.Title"]).AppendLine();
        foreach (var table in tables)
        {
            text.Append("### ").AppendLine(table.Name).AppendLine();
            text.AppendLine(Descriptions.TryGetValue(table.Name, out var key) ? l[key] : l["Export.Readme.Table.Other"]);
            text.AppendLine();
            text.AppendLine(l["Export.Readme.Table.File", $"tables/{table.Name}.csv", table.Rows]).AppendLine();
            foreach (var column in table.Columns)
            {
                text.Append("- `").Append(column.Name).Append("`: ").Append(l[Kinds[column.Kind]]);
                if (column.Values is { Count: > 0 } values)
                {
                    text.Append(" (").Append(string.Join(" | ", values)).Append(')');
                }

                if (column.Optional)
                {
                    text.Append(", ").Append(l["Export.Readme.Optional"]);
                }

                if (column.Secret)
                {
                    text.Append(", ").Append(l["Export.Readme.LeftEmpty"]);
                }

                text.AppendLine();
            }

            text.AppendLine();
        }

        return text.ToString();
    }
}

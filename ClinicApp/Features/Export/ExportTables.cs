using System.Collections.Concurrent;
using System.Data.Common;
using System.Reflection;
using ClinicApp.Data;
using ClinicApp.Data.Billing;
using ClinicApp.Data.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.EntityFrameworkCore.Metadata;

namespace ClinicApp.Features.Export;

/// <summary>How a column is described in the export's README: its kind (text, integer, decimal…, a
/// resource key suffix), the enum's values when it is one, whether it may be empty, and whether it is a
/// secret left empty.</summary>
public sealed record ExportColumn(string Name, string Kind, bool Optional, bool Secret, IReadOnlyList<string>? Values = null);

public sealed record ExportedTable(string Name, IReadOnlyList<ExportColumn> Columns, long Rows);

/// <summary>Writes every table of a hospital's database as CSV, generically: the tables are those the
/// database itself lists (so one added by a later migration, or EF's migration history, is never left
/// out), and each column of a table the EF model maps is read through the model's own value converters,
/// so a decimal stored as scaled integer in SQLite (decision 005) comes out as 12.50, not 1250, and an
/// enum stored as text keeps its name. A column the model does not know is written as the database holds it.</summary>
public static class ExportTables
{
    private static readonly ConcurrentDictionary<Type, Func<DbDataReader, int, object>> Readers = new();

    private static readonly MethodInfo ReadMethod =
        typeof(ExportTables).GetMethod(nameof(Read), BindingFlags.NonPublic | BindingFlags.Static)!;

    /// <summary>A read transaction on SQLite (a consistent snapshot in WAL mode that never blocks the
    /// writers); null on SQL Server, where each table is read as of its own moment.</summary>
    public static async Task<IAsyncDisposable?> BeginSnapshotAsync(ClinicDbContext db, CancellationToken ct)
    {
        if (!db.Database.IsSqlite())
        {
            return null;
        }

        await db.Database.OpenConnectionAsync(ct);
        var transaction = ((Microsoft.Data.Sqlite.SqliteConnection)db.Database.GetDbConnection()).BeginTransaction(deferred: true);
        await db.Database.UseTransactionAsync(transaction, ct);
        return transaction;
    }

    /// <summary>The hospital database's tables, by name (on SQL Server those of the default schema, where
    /// the model's tables are; that path cannot be tested here and is kept to this one query).</summary>
    public static async Task<IReadOnlyList<string>> ListAsync(ClinicDbContext db, CancellationToken ct)
    {
        var sql = db.Database.IsSqlite()
            ? "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            : "SELECT TABLE_NAME FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_TYPE = 'BASE TABLE' AND TABLE_SCHEMA = SCHEMA_NAME()";
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(ct);
        await using var command = connection.CreateCommand();
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        command.CommandText = sql;
        var names = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                names.Add(reader.GetString(0));
            }
        }

        return names.Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>Writes the table as CSV (header then rows) and returns its description and row count.</summary>
    public static async Task<ExportedTable> WriteAsync(ClinicDbContext db, string table, TextWriter writer, CancellationToken ct)
    {
        var model = db.Model.GetRelationalModel().Tables.FirstOrDefault(t => t.Name == table);
        await db.Database.OpenConnectionAsync(ct);
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        command.CommandText = db.Database.IsSqlite() ? $"SELECT * FROM \"{table.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : $"SELECT * FROM [{table.Replace("]", "]]", StringComparison.Ordinal)}]";
        await using var reader = await command.ExecuteReaderAsync(ct);
        var columns = new List<ExportColumn>();
        var readers = new List<Func<DbDataReader, int, object?>>();
        for (var i = 0; i < reader.FieldCount; i++)
        {
            var (column, read) = Describe(model?.FindColumn(reader.GetName(i)), reader.GetName(i), reader.GetDataTypeName(i));
            columns.Add(column);
            readers.Add(read);
        }

        await writer.WriteAsync(ExportCsv.Line(columns.Select(c => c.Name)) + ExportCsv.NewLine);
        long rows = 0;
        var fields = new string[columns.Count];
        while (await reader.ReadAsync(ct))
        {
            for (var i = 0; i < fields.Length; i++)
            {
                fields[i] = columns[i].Secret || await reader.IsDBNullAsync(i, ct) ? "" : ExportCsv.Format(readers[i](reader, i));
            }

            await writer.WriteAsync(ExportCsv.Line(fields) + ExportCsv.NewLine);
            rows++;
        }

        return new ExportedTable(table, columns, rows);
    }

    /// <summary>Whether a property holds a secret the export leaves empty (the README lists them): the
    /// password hash and security stamp of a user, Identity's tokens (the 2FA authenticator key, the
    /// recovery codes), every secret stored encrypted (a property named *Protected: the Stripe, SMTP and
    /// Twilio ones), and a payment link's token (whoever holds it can open the tutor's invoice).</summary>
    public static bool IsSecret(IProperty property)
    {
        var type = property.DeclaringType.ClrType;
        var name = property.Name;
        return name.EndsWith("Protected", StringComparison.Ordinal)
            || (typeof(IdentityUser<Guid>).IsAssignableFrom(type) && name is nameof(ApplicationUser.PasswordHash) or nameof(ApplicationUser.SecurityStamp))
            || (type == typeof(IdentityUserToken<Guid>) && name == nameof(IdentityUserToken<Guid>.Value))
            || (type == typeof(PaymentLink) && name == nameof(PaymentLink.Token));
    }

    private static (ExportColumn Column, Func<DbDataReader, int, object?> Read) Describe(IColumn? column, string name, string storeType)
    {
        if (column is null || column.PropertyMappings.Count == 0)
        {
            // Not in the model (the migration history): as the database holds it.
            return (new ExportColumn(name, KindOfStore(storeType), Optional: true, Secret: false), (r, i) => r.GetValue(i));
        }

        var mapping = column.PropertyMappings[0];
        var property = mapping.Property;
        var clr = Nullable.GetUnderlyingType(property.ClrType) ?? property.ClrType;
        var converter = mapping.TypeMapping.Converter;
        var provider = converter?.ProviderClrType ?? mapping.TypeMapping.ClrType;
        provider = Nullable.GetUnderlyingType(provider) ?? provider;
        var read = Readers.GetOrAdd(provider, type => ReadMethod.MakeGenericMethod(type).CreateDelegate<Func<DbDataReader, int, object>>());
        Func<DbDataReader, int, object?> value = converter is null ? read : (r, i) => converter.ConvertFromProvider(read(r, i))!;
        var values = clr.IsEnum ? Enum.GetNames(clr) : null;
        return (new ExportColumn(name, KindOf(clr), column.IsNullable, IsSecret(property), values), value);
    }

    private static object Read<T>(DbDataReader reader, int ordinal) => reader.GetFieldValue<T>(ordinal)!;

    /// <summary>The column's kind as a key suffix of "Export.Readme.Type.*".</summary>
    private static string KindOf(Type clr) =>
        clr.IsEnum ? "Enum"
        : clr == typeof(string) ? "Text"
        : clr == typeof(bool) ? "Boolean"
        : clr == typeof(decimal) ? "Decimal"
        : clr == typeof(double) || clr == typeof(float) ? "Number"
        : clr == typeof(int) || clr == typeof(long) || clr == typeof(short) || clr == typeof(byte) ? "Integer"
        : clr == typeof(DateTime) || clr == typeof(DateTimeOffset) ? "DateTime"
        : clr == typeof(DateOnly) ? "Date"
        : clr == typeof(TimeOnly) || clr == typeof(TimeSpan) ? "Time"
        : clr == typeof(Guid) ? "Id"
        : clr == typeof(byte[]) ? "Binary"
        : "Text";

    private static string KindOfStore(string storeType) => storeType.ToUpperInvariant() switch
    {
        "INTEGER" or "INT" or "BIGINT" => "Integer",
        "REAL" or "FLOAT" => "Number",
        "BLOB" or "VARBINARY" => "Binary",
        _ => "Text",
    };
}

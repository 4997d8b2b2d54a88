using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace ClinicApp.Data.Common;

/// <summary>Recognizes the database's own refusals across providers.</summary>
public static class DbErrors
{
    /// <summary>A unique index or primary key refused the row (SQLite constraint 19 with
    /// PRIMARYKEY/UNIQUE, SQL Server 2601/2627).</summary>
    public static bool IsUniqueViolation(DbUpdateException exception) => exception.InnerException switch
    {
        SqliteException sqlite => sqlite.SqliteErrorCode == 19 && sqlite.SqliteExtendedErrorCode is 1555 or 2067,
        SqlException sql => sql.Number is 2601 or 2627,
        _ => false,
    };

    /// <summary>The name of the violated index or table as the provider reports it (to tell which rule).</summary>
    public static string Detail(DbUpdateException exception) => exception.InnerException?.Message ?? "";
}

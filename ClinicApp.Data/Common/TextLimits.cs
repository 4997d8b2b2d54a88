using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace ClinicApp.Data.Common;

/// <summary>How long a text may be, read from the one place that says it: the hospital model's
/// HasMaxLength. The save check (<see cref="Interceptors.TextLimitsInterceptor"/>) and the forms'
/// maxlength both ask here, so a column's limit is changed in its configuration and nowhere else.</summary>
public static class TextLimits
{
    // The model is the same for every hospital and provider as far as lengths go; built once, without
    // a connection (a model needs none).
    private static readonly Lazy<IModel> Model = new(() =>
    {
        using var db = new SqliteClinicDbContext(new DbContextOptionsBuilder<SqliteClinicDbContext>().UseSqlite("Data Source=:memory:").Options);
        return db.Model;
    });

    /// <summary>The maximum length of <typeparamref name="TEntity"/>'s text property, e.g.
    /// <c>TextLimits.Of&lt;Tutor&gt;(t =&gt; t.Name)</c>.</summary>
    public static int Of<TEntity>(Expression<Func<TEntity, string?>> property)
    {
        ArgumentNullException.ThrowIfNull(property);
        var name = property.Body is MemberExpression member
            ? member.Member.Name
            : throw new ArgumentException("Give a property, such as t => t.Name.", nameof(property));
        return Of(typeof(TEntity), name);
    }

    public static int Of(Type entity, string property) =>
        Model.Value.FindEntityType(entity)?.FindProperty(property)?.GetMaxLength()
        ?? throw new InvalidOperationException($"{entity.Name}.{property} has no maximum length in the hospital model.");
}

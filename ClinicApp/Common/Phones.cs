using PhoneNumbers;

namespace ClinicApp.Common;

/// <summary>Phone numbers as typed at the desk ("(11) 98765-4321") to E.164, Brazil by default.</summary>
public static class Phones
{
    private static readonly PhoneNumberUtil Util = PhoneNumberUtil.GetInstance();

    /// <summary>The E.164 form of a valid number; null when it is not a valid number.</summary>
    public static string? ToE164(string? text, string defaultRegion = "BR")
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        try
        {
            var number = Util.Parse(text, defaultRegion);
            return Util.IsValidNumber(number) ? Util.Format(number, PhoneNumberFormat.E164) : null;
        }
        catch (NumberParseException)
        {
            return null;
        }
    }

    /// <summary>"+5511987654321" → "(11) 98765-4321" at home, the international form abroad.</summary>
    public static string Display(string? e164, string homeRegion = "BR")
    {
        if (string.IsNullOrEmpty(e164))
        {
            return "";
        }

        try
        {
            var number = Util.Parse(e164, homeRegion);
            return Util.Format(number, Util.GetRegionCodeForNumber(number) == homeRegion ? PhoneNumberFormat.NATIONAL : PhoneNumberFormat.INTERNATIONAL);
        }
        catch (NumberParseException)
        {
            return e164;
        }
    }

    public static bool IsMobile(string? e164)
    {
        if (string.IsNullOrEmpty(e164))
        {
            return false;
        }

        var type = Util.GetNumberType(Util.Parse(e164, "BR"));
        return type is PhoneNumberType.MOBILE or PhoneNumberType.FIXED_LINE_OR_MOBILE;
    }
}

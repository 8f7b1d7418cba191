namespace CmsApi.Tests.Sites;

/// <summary>Numbers that no real footer prints, each with the site field it is sent in.</summary>
public static class InvalidFilings
{
    public static TheoryData<string, string> All => new()
    {
        { "icpFiling", "粤ICP备12345号" },              // 5 digits
        { "icpFiling", "粤ICP备12345678901号" },        // 11 digits
        { "icpFiling", "ICP备14006357号" },             // no province
        { "icpFiling", "港ICP备14006357号" },           // not a mainland province
        { "icpFiling", "粤ICP14006357号" },             // no 备
        { "icpFiling", "粤ICP备14006357" },             // no 号
        { "icpFiling", "粤ICP备14006357号-0" },         // site number 0
        { "icpFiling", "粤ICP备14006357号-" },          // dangling dash
        { "icpFiling", "粤ICP备14006357号-12345" },     // five-digit site number
        { "icpFiling", "粤ICP备1400635a号" },           // a letter among the digits
        { "icpFiling", "粤IPC备14006357号" },           // ICP misspelt
        { "icpFiling", "粤公网安备 44010402000201号" },  // a public-security number in the ICP field
        { "icpFiling", "京ICP证030173号" },             // a licence in the filing field
        { "icpFiling", "粤ICP备14006357号<script>" },   // trailing markup
        { "icpLicence", "京ICP证03017号" },             // 5 digits
        { "icpLicence", "京ICP证0301733号" },           // 7 digits
        { "icpLicence", "京ICP备030173号" },            // a filing in the licence field
        { "icpLicence", "京ICP证030173" },              // no 号
        { "icpLicence", "ICP证030173号" },              // no province
        { "publicSecurityFiling", "京公网安备 44010402000201号" },  // 44 is 粤, not 京
        { "publicSecurityFiling", "沪公网安备 44010402000201号" },  // 44 is 粤, not 沪
        { "publicSecurityFiling", "粤公网安备 99010402000201号" },  // 99 is no province
        { "publicSecurityFiling", "粤公网安备 4401040200020号" },   // 13 digits
        { "publicSecurityFiling", "粤公网安备 440104020002011号" }, // 15 digits
        { "publicSecurityFiling", "粤公网安备 44010402000201" },    // no 号
        { "publicSecurityFiling", "公网安备 44010402000201号" },    // no province
        { "publicSecurityFiling", "粤网安备 44010402000201号" },    // 公 missing
        { "publicSecurityFiling", "粤公网安备 4401040200020X号" },  // a letter
        { "publicSecurityFiling", "粤ICP备14006357号" },           // an ICP number in the wrong field
        { "siteCode", "12345" },                        // too short
        { "siteCode", "12345678901" },                  // 11 digits
        { "siteCode", "bm1234567" },                    // bm + 7 digits
        { "siteCode", "bm123456789" },                  // bm + 9 digits
        { "siteCode", "bn12345678" },                   // wrong letters
        { "siteCode", "440100000A" },                   // a letter
    };
}

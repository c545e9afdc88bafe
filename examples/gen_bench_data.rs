//! Writes the synthetic benchmark data: alias lexicons of 1,000, 10,000 and 100,000 entities, a
//! 50 MB news-like corpus that mentions them, and lists of names for `canonym resolve`.
//!
//! ```text
//! cargo run --release --example gen_bench_data -- bench-data
//! ```
//!
//! Everything comes from a fixed seed and the word lists below, so every run on every machine
//! writes the same bytes. Files written into OUTDIR:
//!
//! - `lex-1000.tsv`, `lex-10000.tsv`, `lex-100000.tsv`: `alias<TAB>id<TAB>name`, 3 to 6 aliases
//!   per entity; each smaller lexicon is the first entities of the larger one. No two entities
//!   share an alias after folding, so every alias names exactly one entity.
//! - `corpus.txt`: one document per line; about 2% of its words belong to mentions of the 100k
//!   lexicon, written with case changes, diacritics, curly apostrophes, possessives, and Arabic
//!   script with vowel marks and proclitics.
//! - `misspelled.tsv`: `name<TAB>expected_id`, aliases with one or two character edits that are
//!   not themselves an alias, for resolve accuracy.
//! - `names-exact.tsv`: `name<TAB>expected_id`, aliases as written or with changed case.
//! - `manifest.txt`: counts, for the record.

use canonym::fold::fold_str;
use std::collections::{HashMap, HashSet};
use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

const SEED: u64 = 0x5EED_CA90_2024_0005;
const LEXICON_SIZES: [usize; 3] = [1_000, 10_000, 100_000];
const CORPUS_BYTES: usize = 50_000_000;
/// Share of corpus words that belong to mentions.
const MENTION_WORD_SHARE: f64 = 0.02;
const MISSPELLED: usize = 50_000;
const EXACT_NAMES: usize = 50_000;

/// splitmix64: tiny, fast, and good enough for test data.
struct Rng(u64);

impl Rng {
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in `0..n` (n > 0); the modulo bias is irrelevant here.
    fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }
    fn range(&mut self, lo: usize, hi_inclusive: usize) -> usize {
        lo + self.below(hi_inclusive - lo + 1)
    }
    fn chance(&mut self, p: f64) -> bool {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64 <= p
    }
    fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len())]
    }
}

/// A name part: transliterations (the first is canonical) and the Arabic spelling.
struct Part {
    latin: Vec<String>,
    arabic: String,
}

fn parts(list: &[(&[&str], &str)]) -> Vec<Part> {
    list.iter()
        .map(|(l, a)| Part {
            latin: l.iter().map(|s| s.to_string()).collect(),
            arabic: a.to_string(),
        })
        .collect()
}

const GIVEN: &[(&[&str], &str)] = &[
    (&["Muhammad", "Mohammed", "Mohamed", "Muhammed"], "محمد"),
    (&["Ahmad", "Ahmed"], "أحمد"),
    (&["Ali", "Aly"], "علي"),
    (&["Hussein", "Husayn", "Hussain", "Hossein"], "حسين"),
    (&["Hassan", "Hasan"], "حسن"),
    (&["Abbas", "Abas"], "عباس"),
    (&["Mahmoud", "Mahmud"], "محمود"),
    (&["Mustafa", "Mostafa", "Moustafa"], "مصطفى"),
    (&["Khalid", "Khaled"], "خالد"),
    (&["Omar", "Umar"], "عمر"),
    (&["Uthman", "Othman", "Osman"], "عثمان"),
    (&["Yusuf", "Youssef", "Yousef"], "يوسف"),
    (&["Ibrahim", "Ebrahim"], "إبراهيم"),
    (&["Ismail", "Ismaeel", "Esmail"], "إسماعيل"),
    (&["Jafar", "Jaafar", "Ja'far"], "جعفر"),
    (&["Qasim", "Qassem", "Kassem", "Qasem"], "قاسم"),
    (&["Hadi", "Hady"], "هادي"),
    (&["Haidar", "Haider", "Hayder"], "حيدر"),
    (&["Karim", "Kareem"], "كريم"),
    (&["Salim", "Saleem", "Selim"], "سليم"),
    (&["Sami", "Samy"], "سامي"),
    (&["Faisal", "Faysal", "Feisal"], "فيصل"),
    (&["Falih", "Faleh"], "فالح"),
    (&["Nuri", "Nouri"], "نوري"),
    (&["Jawad", "Jawwad"], "جواد"),
    (&["Kadhim", "Kazem", "Kazim", "Kadhem"], "كاظم"),
    (&["Jasim", "Jassim", "Jasem"], "جاسم"),
    (&["Hamid", "Hamed"], "حامد"),
    (&["Said", "Saeed", "Sa'id"], "سعيد"),
    (&["Walid", "Waleed"], "وليد"),
    (&["Tariq", "Tarek", "Tareq"], "طارق"),
    (&["Ziyad", "Ziad", "Zeyad"], "زياد"),
    (&["Adil", "Adel"], "عادل"),
    (&["Amir", "Ameer"], "أمير"),
    (&["Bilal", "Belal"], "بلال"),
    (&["Dawud", "Daoud", "Dawood"], "داود"),
    (&["Fadhil", "Fadel", "Fadil"], "فاضل"),
    (&["Ghazi", "Ghazy"], "غازي"),
    (&["Hamza", "Hamzah"], "حمزة"),
    (&["Hisham", "Hesham"], "هشام"),
    (&["Imad", "Emad"], "عماد"),
    (&["Jamal", "Gamal"], "جمال"),
    (&["Kamal", "Kemal"], "كمال"),
    (&["Majid", "Majed", "Maged"], "ماجد"),
    (&["Mansur", "Mansour"], "منصور"),
    (&["Muqtada", "Moqtada"], "مقتدى"),
    (&["Nabil", "Nabeel"], "نبيل"),
    (&["Nasir", "Nasser", "Naser"], "ناصر"),
    (&["Qais", "Qays", "Kais"], "قيس"),
    (&["Rashid", "Rasheed"], "رشيد"),
    (&["Riyad", "Riad", "Riyadh"], "رياض"),
    (&["Saad", "Sa'd"], "سعد"),
    (&["Salih", "Saleh"], "صالح"),
    (&["Salah", "Salaah"], "صلاح"),
    (&["Sharif", "Sherif"], "شريف"),
    (&["Talal", "Talaal"], "طلال"),
    (&["Usama", "Osama"], "أسامة"),
    (&["Wisam", "Wissam"], "وسام"),
    (&["Yasin", "Yassin", "Yaseen"], "ياسين"),
    (&["Zaid", "Zayd", "Zeid"], "زيد"),
    (&["Mahdi", "Mehdi"], "مهدي"),
    (&["Hashim", "Hashem"], "هاشم"),
    (&["Rafiq", "Rafik"], "رفيق"),
    (&["Anwar", "Anouar"], "أنور"),
    (&["Ayman", "Aiman"], "أيمن"),
    (&["Basim", "Basem", "Bassem"], "باسم"),
    (&["Fuad", "Fouad"], "فؤاد"),
    (&["Hazim", "Hazem"], "حازم"),
    (&["Iyad", "Eyad"], "إياد"),
    (&["Khalil", "Khaleel"], "خليل"),
    (&["Luay", "Louay"], "لؤي"),
    (&["Marwan", "Merwan"], "مروان"),
    (&["Munir", "Mounir"], "منير"),
    (&["Nizar", "Nezar"], "نزار"),
    (&["Qutaiba", "Qutayba"], "قتيبة"),
    (&["Raad", "Ra'ad"], "رعد"),
    (&["Shakir", "Shaker"], "شاكر"),
    (&["Thamir", "Thamer"], "ثامر"),
    (&["Uday", "Odai"], "عدي"),
    (&["Wael", "Wa'il"], "وائل"),
    (&["Yahya", "Yehia"], "يحيى"),
    (&["Zuhair", "Zuhayr"], "زهير"),
    (&["Akram", "Akrem"], "أكرم"),
    (&["Badr", "Bader"], "بدر"),
    (&["Faris", "Fares"], "فارس"),
    (&["Ghassan", "Ghasan"], "غسان"),
    (&["Jabir", "Jaber"], "جابر"),
    (&["Laith", "Layth", "Leith"], "ليث"),
    (&["Mazin", "Mazen"], "مازن"),
    (&["Naim", "Naeem"], "نعيم"),
    (&["Rami", "Ramy"], "رامي"),
    (&["Tahir", "Taher"], "طاهر"),
    (&["Wahid", "Waheed"], "وحيد"),
    (&["Zakariya", "Zakaria"], "زكريا"),
    (&["Fatima", "Fatimah"], "فاطمة"),
    (&["Zainab", "Zaynab", "Zeinab"], "زينب"),
    (&["Maryam", "Mariam"], "مريم"),
    (&["Huda", "Hoda"], "هدى"),
    (&["Layla", "Leila"], "ليلى"),
    (&["Suha", "Soha"], "سهى"),
];

/// Divine names for `Abd al-` given names.
const DIVINE: &[(&[&str], &str)] = &[
    (&["Rahman"], "الرحمن"),
    (&["Karim"], "الكريم"),
    (&["Aziz"], "العزيز"),
    (&["Hadi"], "الهادي"),
    (&["Jabbar"], "الجبار"),
    (&["Latif", "Latef"], "اللطيف"),
    (&["Majid"], "المجيد"),
    (&["Qadir", "Kader"], "القادر"),
    (&["Rahim", "Raheem"], "الرحيم"),
    (&["Razzaq", "Razaq"], "الرزاق"),
    (&["Sattar", "Satar"], "الستار"),
    (&["Wahhab", "Wahab"], "الوهاب"),
    (&["Halim", "Haleem"], "الحليم"),
    (&["Hamid"], "الحميد"),
    (&["Ghani"], "الغني"),
    (&["Amir"], "الأمير"),
    (&["Salam", "Salaam"], "السلام"),
    (&["Mahdi", "Mehdi"], "المهدي"),
];

/// Family names and nisbas, written without the article.
const SURNAME: &[(&[&str], &str)] = &[
    (&["Fayyadh", "Fayyad", "Fayadh"], "الفياض"),
    (&["Maliki", "Malki"], "المالكي"),
    (&["Amiri", "Ameri"], "العامري"),
    (&["Hakim", "Hakeem"], "الحكيم"),
    (&["Sadr", "Sader"], "الصدر"),
    (&["Tikriti", "Takriti"], "التكريتي"),
    (&["Baghdadi", "Bagdadi"], "البغدادي"),
    (&["Jubouri", "Juburi", "Jabouri"], "الجبوري"),
    (&["Dulaimi", "Dulaymi", "Dleimi"], "الدليمي"),
    (&["Obeidi", "Ubaydi", "Obaidi"], "العبيدي"),
    (&["Khazali", "Khazaali"], "الخزعلي"),
    (&["Muhandis", "Mohandes"], "المهندس"),
    (&["Asadi", "Assadi"], "الأسدي"),
    (&["Shammari", "Shamari"], "الشمري"),
    (&["Zubaidi", "Zubaydi"], "الزبيدي"),
    (&["Halbousi", "Halbusi"], "الحلبوسي"),
    (&["Hashimi", "Hashemi"], "الهاشمي"),
    (&["Kubaisi", "Kubaysi"], "الكبيسي"),
    (&["Mashhadani", "Mashadani"], "المشهداني"),
    (&["Rubaie", "Rubaiee", "Rubai"], "الربيعي"),
    (&["Jaafari", "Ja'fari"], "الجعفري"),
    (&["Basri", "Basry"], "البصري"),
    (&["Mosuli", "Mawsili"], "الموصلي"),
    (&["Najafi", "Nadjafi"], "النجفي"),
    (&["Karbalai", "Karbala'i"], "الكربلائي"),
    (&["Halabi", "Halaby"], "الحلبي"),
    (&["Dimashqi", "Dimashki"], "الدمشقي"),
    (&["Homsi", "Himsi"], "الحمصي"),
    (&["Hamawi", "Hamawy"], "الحموي"),
    (&["Idlibi", "Edlibi"], "الإدلبي"),
    (&["Raqqawi", "Rakkawi"], "الرقاوي"),
    (&["Deiri", "Dayri"], "الديري"),
    (&["Ansari", "Ansary"], "الأنصاري"),
    (&["Qurashi", "Qurayshi"], "القرشي"),
    (&["Husseini", "Husayni", "Hosseini"], "الحسيني"),
    (&["Musawi", "Moussawi", "Mousavi"], "الموسوي"),
    (&["Tamimi", "Tamimy"], "التميمي"),
    (&["Zaidi", "Zaydi"], "الزيدي"),
    (&["Kaabi", "Ka'bi"], "الكعبي"),
    (&["Sudani", "Soudani"], "السوداني"),
    (&["Hilli", "Hilly"], "الحلي"),
    (&["Samarrai", "Samarra'i"], "السامرائي"),
    (&["Ani", "Aani"], "العاني"),
    (&["Rawi", "Rawy"], "الراوي"),
    (&["Hadithi", "Haditha'i"], "الحديثي"),
    (&["Janabi", "Jannabi"], "الجنابي"),
    (&["Karbuli", "Karbouli"], "الكربولي"),
    (&["Nujaifi", "Nujayfi"], "النجيفي"),
    (&["Issawi", "Esawi"], "العيساوي"),
    (&["Mutlaq", "Mutlak"], "المطلك"),
    (&["Shahristani", "Shahrastani"], "الشهرستاني"),
    (&["Bayati", "Bayaty"], "البياتي"),
    (&["Turkmani", "Torkmani"], "التركماني"),
    (&["Kurdi", "Kordi"], "الكردي"),
    (&["Shami", "Shamy"], "الشامي"),
    (&["Masri", "Masry"], "المصري"),
    (&["Lubnani", "Libnani"], "اللبناني"),
    (&["Ahwazi", "Ahvazi"], "الأهوازي"),
    (&["Khurasani", "Khorasani"], "الخراساني"),
    (&["Isfahani", "Asfahani"], "الأصفهاني"),
    (&["Khoei", "Khu'i"], "الخوئي"),
    (&["Mudarrisi", "Modarresi"], "المدرسي"),
    (&["Yaqubi", "Yaqoubi"], "اليعقوبي"),
    (&["Hamdani", "Hamadani"], "الحمداني"),
    (&["Saadi", "Sa'di"], "السعدي"),
    (&["Attiyah", "Atiya"], "العطية"),
    (&["Darraji", "Daraji"], "الدراجي"),
    (&["Lami", "Lamy"], "اللامي"),
    (&["Mayahi", "Mayyahi"], "المياحي"),
    (&["Saedi", "Sa'idi"], "الساعدي"),
    (&["Khafaji", "Khafagi"], "الخفاجي"),
    (&["Hassani", "Hasani"], "الحسني"),
    (&["Shaybani", "Shibani"], "الشيباني"),
    (&["Qahtani", "Kahtani"], "القحطاني"),
    (&["Utaybi", "Otaibi"], "العتيبي"),
    (&["Harbi", "Harby"], "الحربي"),
    (&["Anizi", "Anazi", "Enezi"], "العنزي"),
    (&["Dawsari", "Dosari"], "الدوسري"),
    (&["Zahrani", "Zahrany"], "الزهراني"),
    (&["Ghamdi", "Ghamidi"], "الغامدي"),
    (&["Mutairi", "Mutayri"], "المطيري"),
    (&["Rashidi", "Rasheedi"], "الرشيدي"),
    (&["Bakri", "Bakry"], "البكري"),
    (&["Faruqi", "Farouqi"], "الفاروقي"),
    (&["Nuaimi", "Nuaymi"], "النعيمي"),
    (&["Juhani", "Johani"], "الجهني"),
    (&["Qaisi", "Qaysi"], "القيسي"),
    (&["Mahmoudi", "Mahmudi"], "المحمودي"),
    (&["Ahmadi", "Ahmedi"], "الأحمدي"),
    (&["Rifai", "Rifa'i"], "الرفاعي"),
    (&["Tai", "Ta'i"], "الطائي"),
    (&["Shaikhli", "Sheikhly"], "الشيخلي"),
    (&["Alusi", "Alousi"], "الآلوسي"),
    (&["Jumaili", "Jumayli"], "الجميلي"),
    (&["Fahdawi", "Fahdaoui"], "الفهداوي"),
    (&["Karkhi", "Karkhy"], "الكرخي"),
    (&["Kazimi", "Kadhimi"], "الكاظمي"),
    (&["Ubaydi", "Obaydi"], "العبيدي"),
    (&["Shawi", "Shawy"], "الشاوي"),
];

/// Concepts in organisation names, without the article.
const CONCEPT: &[(&[&str], &str)] = &[
    (&["Haqq", "Haq"], "الحق"),
    (&["Nujaba", "Nujaba'"], "النجباء"),
    (&["Jihad", "Jehad"], "الجهاد"),
    (&["Ansar", "Ansaar"], "الأنصار"),
    (&["Mujahidin", "Mujahideen"], "المجاهدين"),
    (&["Tawhid", "Tawheed"], "التوحيد"),
    (&["Nasr", "Naser"], "النصر"),
    (&["Fath", "Fateh"], "الفتح"),
    (&["Islah", "Eslah"], "الإصلاح"),
    (&["Wafa", "Wafaa"], "الوفاء"),
    (&["Shuhada", "Shuhada'"], "الشهداء"),
    (&["Ahrar", "Ahraar"], "الأحرار"),
    (&["Thuwar", "Thuwwar"], "الثوار"),
    (&["Muqawama", "Muqawamah"], "المقاومة"),
    (&["Intisar", "Intissar"], "الانتصار"),
    (&["Karama", "Karamah"], "الكرامة"),
    (&["Tahrir", "Tahreer"], "التحرير"),
    (&["Sumud", "Soumoud"], "الصمود"),
    (&["Izza", "Izzah"], "العزة"),
    (&["Furqan", "Forqan"], "الفرقان"),
    (&["Rafidain", "Rafidayn"], "الرافدين"),
    (&["Furat", "Forat"], "الفرات"),
    (&["Jazira", "Jazeera"], "الجزيرة"),
    (&["Quds", "Qods"], "القدس"),
    (&["Aqsa", "Aqsaa"], "الأقصى"),
    (&["Qaim", "Qa'im"], "القائم"),
    (&["Hujja", "Hujjah"], "الحجة"),
    (&["Rasul", "Rasoul"], "الرسول"),
    (&["Murtada", "Murtadha"], "المرتضى"),
    (&["Zahra", "Zahraa"], "الزهراء"),
    (&["Sadiq", "Sadeq"], "الصادق"),
    (&["Ridha", "Reza"], "الرضا"),
    (&["Askari", "Askary"], "العسكري"),
    (&["Baqir", "Baqer"], "الباقر"),
    (&["Sajjad", "Sajad"], "السجاد"),
    (&["Hashd", "Hachd"], "الحشد"),
    (&["Sabirin", "Sabireen"], "الصابرين"),
    (&["Muntazirin", "Muntadhirin"], "المنتظرين"),
    (&["Wa'd", "Waad"], "الوعد"),
    (&["Fida", "Fidaa"], "الفداء"),
    (&["Jund", "Jond"], "الجند"),
    (&["Asifa", "Asifah"], "العاصفة"),
    (&["Burhan", "Borhan"], "البرهان"),
    (&["Nur", "Noor"], "النور"),
    (&["Amal", "Amaal"], "الأمل"),
];

/// Qualifiers in organisation names, without the article.
const QUALIFIER: &[(&[&str], &str)] = &[
    (&["Islami", "Islamiya"], "الإسلامي"),
    (&["Watani", "Wataniya"], "الوطني"),
    (&["Shaabi", "Sha'bi"], "الشعبي"),
    (&["Arabi", "Arabiya"], "العربي"),
    (&["Jadid", "Jadeed"], "الجديد"),
    (&["Muwahhad", "Muwahad"], "الموحد"),
    (&["Hurr", "Hur"], "الحر"),
    (&["Thawri", "Thawry"], "الثوري"),
    (&["Shamali", "Shimali"], "الشمالي"),
    (&["Janubi", "Janoubi"], "الجنوبي"),
    (&["Sharqi", "Sharki"], "الشرقي"),
    (&["Gharbi", "Gharby"], "الغربي"),
    (&["Awsat", "Awsaat"], "الأوسط"),
    (&["Akbar", "Akber"], "الأكبر"),
    (&["Mansur", "Mansour"], "المنصور"),
    (&["Mubin", "Mubeen"], "المبين"),
    (&["Khalid", "Khaled"], "الخالد"),
    (&["Sharif", "Shareef"], "الشريف"),
    (&["Mukhtar", "Mokhtar"], "المختار"),
    (&["Awwal", "Awal"], "الأول"),
    (&["Thani", "Thany"], "الثاني"),
    (&["Thalith", "Thaleth"], "الثالث"),
    (&["Rabi", "Rabi'"], "الرابع"),
    (&["Khamis", "Khames"], "الخامس"),
    (&["Dimuqrati", "Dimoqrati"], "الديمقراطي"),
    (&["Ishtiraki", "Eshtiraki"], "الاشتراكي"),
    (&["Qawmi", "Qawmy"], "القومي"),
    (&["Madani", "Madany"], "المدني"),
    (&["Askari", "Askary"], "العسكري"),
    (&["Hadith", "Hadeeth"], "الحديث"),
];

/// Organisation kinds: Arabic head word, transliterated heads, English heads (`{X}` marks where
/// the rest of the name goes).
struct OrgKind {
    arabic: &'static str,
    translit: &'static [&'static str],
    english: &'static [&'static str],
}

const ORG_KINDS: &[OrgKind] = &[
    OrgKind {
        arabic: "كتائب",
        translit: &["Kata'ib", "Kataib", "Kata’ib"],
        english: &["Brigades of {X}", "{X} Brigades"],
    },
    OrgKind {
        arabic: "حركة",
        translit: &["Harakat", "Harakat"],
        english: &["Movement of {X}", "{X} Movement"],
    },
    OrgKind {
        arabic: "سرايا",
        translit: &["Saraya", "Sarayat"],
        english: &["Companies of {X}", "{X} Companies"],
    },
    OrgKind {
        arabic: "لواء",
        translit: &["Liwa", "Liwa'"],
        english: &["Brigade of {X}", "{X} Brigade"],
    },
    OrgKind {
        arabic: "عصائب",
        translit: &["Asa'ib", "Asaib"],
        english: &["League of {X}", "{X} League"],
    },
    OrgKind {
        arabic: "جيش",
        translit: &["Jaysh", "Jaish", "Jeish"],
        english: &["Army of {X}", "{X} Army"],
    },
    OrgKind {
        arabic: "حزب",
        translit: &["Hizb", "Hezb"],
        english: &["Party of {X}", "{X} Party"],
    },
    OrgKind {
        arabic: "تجمع",
        translit: &["Tajammu", "Tajamu'"],
        english: &["Gathering of {X}", "{X} Gathering"],
    },
    OrgKind {
        arabic: "جبهة",
        translit: &["Jabhat", "Jebhat"],
        english: &["Front of {X}", "{X} Front"],
    },
    OrgKind {
        arabic: "تيار",
        translit: &["Tayyar", "Tayar"],
        english: &["Current of {X}", "{X} Current"],
    },
    OrgKind {
        arabic: "فيلق",
        translit: &["Faylaq", "Failaq"],
        english: &["Legion of {X}", "{X} Legion"],
    },
    OrgKind {
        arabic: "مجلس",
        translit: &["Majlis", "Majles"],
        english: &["Council of {X}", "{X} Council"],
    },
];

const ARTICLES: &[&str] = &["al-", "el-", "Al-", "al ", ""];

/// Arabic vowel marks added to Arabic mentions in the corpus.
const HARAKAT: &[char] = &[
    '\u{064E}', '\u{064F}', '\u{0650}', '\u{0651}', '\u{0652}', '\u{064B}',
];

struct Entity {
    id: String,
    name: String,
    aliases: Vec<String>,
}

struct Generator {
    rng: Rng,
    given: Vec<Part>,
    surname: Vec<Part>,
    concept: Vec<Part>,
    qualifier: Vec<Part>,
    /// Folded keys of every alias taken so far, across entities.
    keys: HashSet<String>,
    ids: HashSet<String>,
}

fn slug(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if (c == ' ' || c == '-') && !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

fn with_article(article: &str, word: &str) -> String {
    format!("{article}{word}")
}

impl Generator {
    fn new() -> Generator {
        let mut given = parts(GIVEN);
        for d in parts(DIVINE) {
            let mut latin = Vec::new();
            for v in &d.latin {
                latin.push(format!("Abd al-{v}"));
                latin.push(format!("Abdul {v}"));
                latin.push(format!("Abdel {v}"));
                latin.push(format!("Abdul{}", v.to_lowercase()));
                latin.push(format!("Abd el-{v}"));
            }
            given.push(Part {
                latin,
                arabic: format!("عبد {}", d.arabic),
            });
        }
        Generator {
            rng: Rng(SEED),
            given,
            surname: parts(SURNAME),
            concept: parts(CONCEPT),
            qualifier: parts(QUALIFIER),
            keys: HashSet::new(),
            ids: HashSet::new(),
        }
    }

    /// Adds `alias` to `aliases` when its folded key is new across all entities.
    fn take(&mut self, aliases: &mut Vec<String>, alias: String) -> bool {
        let key = fold_str(&alias);
        let key = key.trim();
        if key.is_empty() || self.keys.contains(key) {
            return false;
        }
        self.keys.insert(key.to_string());
        aliases.push(alias);
        true
    }

    fn unique_id(&mut self, ns: &str, name: &str) -> String {
        let base = format!("{ns}:{}", slug(name));
        let mut id = base.clone();
        let mut n = 2;
        while self.ids.contains(&id) {
            id = format!("{base}-{n}");
            n += 1;
        }
        self.ids.insert(id.clone());
        id
    }

    fn person(&mut self) -> Option<Entity> {
        let r = &mut self.rng;
        let (g, f, s) = (
            r.below(self.given.len()),
            r.below(self.given.len()),
            r.below(self.surname.len()),
        );
        let kunya = r.below(self.given.len());
        let (gp, fp, sp) = (&self.given[g], &self.given[f], &self.surname[s]);
        let full = |gv: &str, fv: &str, art: &str, sv: &str| {
            format!("{gv} {fv} {}", with_article(art, sv))
        };
        let canonical = full(&gp.latin[0], &fp.latin[0], "al-", &sp.latin[0]);
        // The canonical spelling must be new, or the entity is drawn again.
        if self.keys.contains(fold_str(&canonical).trim()) {
            return None;
        }
        let mut cands: Vec<String> = Vec::new();
        for _ in 0..6 {
            let gv = r.pick(&gp.latin);
            let fv = r.pick(&fp.latin);
            let sv = r.pick(&sp.latin);
            let art = *r.pick(ARTICLES);
            cands.push(full(gv, fv, art, sv));
        }
        cands.push(format!(
            "{} {}",
            gp.latin[0],
            with_article("al-", &sp.latin[0])
        ));
        cands.push(format!(
            "{} bin {} {}",
            gp.latin[0],
            fp.latin[0],
            with_article("al-", &sp.latin[0])
        ));
        cands.push(format!(
            "Abu {} {}",
            r.pick(&self.given[kunya].latin),
            with_article("al-", r.pick(&sp.latin).as_str())
        ));
        // Shuffle the candidates so every form shows up across entities.
        for i in (1..cands.len()).rev() {
            cands.swap(i, r.below(i + 1));
        }
        let want = r.range(3, 6);
        let arabic = r
            .chance(0.4)
            .then(|| format!("{} {} {}", gp.arabic, fp.arabic, sp.arabic));
        let mut aliases = Vec::new();
        self.take(&mut aliases, canonical.clone());
        if let Some(a) = arabic {
            self.take(&mut aliases, a);
        }
        for c in cands {
            if aliases.len() >= want {
                break;
            }
            if !aliases.contains(&c) {
                self.take(&mut aliases, c);
            }
        }
        if aliases.len() < 3 {
            self.release(&aliases);
            return None;
        }
        let id = self.unique_id("person", &canonical);
        Some(Entity {
            id,
            name: canonical,
            aliases,
        })
    }

    fn release(&mut self, aliases: &[String]) {
        for a in aliases {
            self.keys.remove(fold_str(a).trim());
        }
    }

    fn org(&mut self) -> Option<Entity> {
        let r = &mut self.rng;
        let kind = &ORG_KINDS[r.below(ORG_KINDS.len())];
        // The rest of the name: al-Concept al-Qualifier, al-Concept, or a martyr's name.
        let form = r.below(10);
        let (c, q) = (r.below(self.concept.len()), r.below(self.qualifier.len()));
        let (g, s) = (r.below(self.given.len()), r.below(self.surname.len()));
        let rest = |r: &mut Rng, canonical: bool| -> String {
            let art = if canonical {
                "al-"
            } else {
                *r.pick(&ARTICLES[..4])
            };
            let pick = |r: &mut Rng, p: &Part| {
                if canonical {
                    p.latin[0].clone()
                } else {
                    r.pick(&p.latin).clone()
                }
            };
            match form {
                0..=5 => {
                    let cv = pick(r, &self.concept[c]);
                    let qv = pick(r, &self.qualifier[q]);
                    format!("{} {}", with_article(art, &cv), with_article(art, &qv))
                }
                6..=7 => with_article(art, &pick(r, &self.concept[c])),
                _ => {
                    let gv = pick(r, &self.given[g]);
                    let sv = pick(r, &self.surname[s]);
                    format!(
                        "{} {gv} {}",
                        with_article(art, "Shahid"),
                        with_article(art, &sv)
                    )
                }
            }
        };
        let arabic_rest = match form {
            0..=5 => format!("{} {}", self.concept[c].arabic, self.qualifier[q].arabic),
            6..=7 => self.concept[c].arabic.clone(),
            _ => format!("الشهيد {} {}", self.given[g].arabic, self.surname[s].arabic),
        };
        let canonical = format!("{} {}", kind.translit[0], rest(r, true));
        if self.keys.contains(fold_str(&canonical).trim()) {
            return None;
        }
        let mut cands = Vec::new();
        for _ in 0..3 {
            cands.push(format!("{} {}", r.pick(kind.translit), rest(r, false)));
        }
        for t in kind.english {
            let canonical_rest = r.chance(0.5);
            let x = rest(r, canonical_rest);
            let x = if t.starts_with("{X}") {
                // "al-Haqq Brigades" reads better as "Al-Haqq Brigades" at the start.
                let mut cs = x.chars();
                cs.next().map_or(String::new(), |f| {
                    f.to_uppercase().collect::<String>() + cs.as_str()
                })
            } else {
                x
            };
            cands.push(t.replace("{X}", &x));
        }
        for i in (1..cands.len()).rev() {
            cands.swap(i, r.below(i + 1));
        }
        let want = r.range(3, 6);
        let arabic = r
            .chance(0.5)
            .then(|| format!("{} {arabic_rest}", kind.arabic));
        let mut aliases = Vec::new();
        self.take(&mut aliases, canonical.clone());
        if let Some(a) = arabic {
            self.take(&mut aliases, a);
        }
        for c in cands {
            if aliases.len() >= want {
                break;
            }
            if !aliases.contains(&c) {
                self.take(&mut aliases, c);
            }
        }
        if aliases.len() < 3 {
            self.release(&aliases);
            return None;
        }
        let id = self.unique_id("org", &canonical);
        Some(Entity {
            id,
            name: canonical,
            aliases,
        })
    }

    fn entities(&mut self, n: usize) -> Vec<Entity> {
        let mut out = Vec::with_capacity(n);
        while out.len() < n {
            let e = if self.rng.chance(0.7) {
                self.person()
            } else {
                self.org()
            };
            if let Some(e) = e {
                out.push(e);
            }
        }
        out
    }
}

fn write_lexicon(path: &Path, entities: &[Entity]) -> io::Result<()> {
    let mut w = BufWriter::new(File::create(path)?);
    writeln!(
        w,
        "# Synthetic benchmark lexicon written by examples/gen_bench_data.rs; not real people."
    )?;
    for e in entities {
        for a in &e.aliases {
            writeln!(w, "{a}\t{}\t{}", e.id, e.name)?;
        }
    }
    w.flush()
}

const FILLER_NOUNS: &[&str] = &[
    "officials",
    "government",
    "ministry",
    "forces",
    "fighters",
    "police",
    "army",
    "security",
    "parliament",
    "talks",
    "elections",
    "ceasefire",
    "attack",
    "convoy",
    "checkpoint",
    "border",
    "province",
    "militia",
    "coalition",
    "statement",
    "agreement",
    "budget",
    "oil",
    "prices",
    "protesters",
    "residents",
    "families",
    "refugees",
    "hospital",
    "school",
    "court",
    "judge",
    "report",
    "investigation",
    "negotiations",
    "drone",
    "strike",
    "airport",
    "road",
    "bridge",
    "market",
    "village",
    "district",
    "council",
    "spokesman",
    "witnesses",
    "sources",
    "analysts",
    "diplomats",
    "delegation",
    "envoy",
    "sanctions",
    "exports",
    "electricity",
    "water",
    "crisis",
    "reforms",
    "vote",
    "campaign",
    "ballot",
    "candidates",
    "leaders",
];
const FILLER_VERBS: &[&str] = &[
    "said",
    "announced",
    "denied",
    "confirmed",
    "reported",
    "warned",
    "rejected",
    "welcomed",
    "discussed",
    "visited",
    "met",
    "condemned",
    "accused",
    "called for",
    "agreed to",
    "postponed",
    "launched",
    "blocked",
    "secured",
    "seized",
    "released",
    "arrested",
    "criticised",
    "praised",
    "demanded",
    "signed",
    "reviewed",
];
const FILLER_ADJ: &[&str] = &[
    "new",
    "local",
    "senior",
    "former",
    "regional",
    "armed",
    "federal",
    "provincial",
    "security",
    "political",
    "economic",
    "military",
    "Kurdish",
    "Shiite",
    "Sunni",
    "Iranian",
    "Syrian",
    "Lebanese",
    "Iraqi",
    "foreign",
    "rival",
    "joint",
    "temporary",
    "official",
    "unnamed",
    "large",
    "small",
    "recent",
    "growing",
];
const FILLER_PLACES: &[&str] = &[
    "Baghdad",
    "Erbil",
    "Mosul",
    "Basra",
    "Kirkuk",
    "Najaf",
    "Karbala",
    "Damascus",
    "Aleppo",
    "Homs",
    "Idlib",
    "Raqqa",
    "Deir ez-Zor",
    "Beirut",
    "Tehran",
    "Sulaymaniyah",
    "Fallujah",
    "Ramadi",
    "Tikrit",
    "Diyala",
    "the capital",
    "the north",
    "the south",
    "the region",
    "the city",
    "the camp",
];
const FILLER_DAYS: &[&str] = &[
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
    "last week",
    "on Monday night",
    "earlier this month",
    "late on Friday",
];
const FILLER_TAIL: &[&str] = &[
    "according to a statement",
    "a spokesman told reporters",
    "sources said",
    "witnesses said",
    "the ministry said in a statement",
    "officials told Reuters",
    "state media reported",
    "an official who asked not to be named said",
    "local media said",
    "the report said",
];

/// Sentence templates. `{M}` is where a mention may go; `{N}`, `{V}`, `{A}`, `{P}`, `{D}`, `{T}`,
/// `{#}` are filler slots.
const TEMPLATES: &[&str] = &[
    "{A} {N} in {P} {V} the {A} {N} on {D}, {T}.",
    "{M} {V} the {N} in {P} on {D}.",
    "The {N} {V} {#} {N} near {P}, {T}.",
    "In {P}, {M} {V} that the {A} {N} would not change the {N}.",
    "“We will not accept this,” {M} said, adding that the {N} {V} the {N}.",
    "The {A} {N} {V} {M} after {#} {N} were killed in {P} on {D}.",
    "{N} from {P} {V} the {N} {D}; the {N} didn’t comment.",
    "A {A} {N} close to {M} {V} the {N} — a move {N} in {P} {V}.",
    "{M}’s {N} {V} the {A} {N}, {T}.",
    "Talks between {M} and {M} on the {N} {V} in {P} on {D}.",
    "The {N} had {V} {#} {A} {N} since {D}, {T}.",
    "{P}’s {A} {N} {V} the {N} and the {N} on {D}.",
    "Supporters of {M} gathered in {P} to protest against the {A} {N}.",
];

struct Corpus<'a> {
    rng: Rng,
    entities: &'a [Entity],
    words: u64,
    mention_words: u64,
    mentions: u64,
    arabic_mentions: u64,
}

fn word_count(s: &str) -> u64 {
    s.split_whitespace().count() as u64
}

impl Corpus<'_> {
    /// An entity index, skewed so that some names are far more frequent than others.
    fn entity(&mut self) -> usize {
        let n = self.entities.len();
        if self.rng.chance(0.5) {
            let u = (self.rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64;
            ((n as f64) * u * u * u) as usize % n
        } else {
            self.rng.below(n)
        }
    }

    fn mention(&mut self, out: &mut String) {
        let e = &self.entities[self.entity()];
        let alias = &e.aliases[self.rng.below(e.aliases.len())];
        let start = out.len();
        let r = &mut self.rng;
        if !alias.is_ascii() && alias.chars().next().is_some_and(|c| !c.is_ascii()) {
            // Arabic script: vowel marks on some letters, sometimes a proclitic, in parentheses.
            self.arabic_mentions += 1;
            let paren = r.chance(0.5);
            if paren {
                out.push('(');
            }
            if r.chance(0.15) {
                out.push_str(if r.chance(0.5) { "و" } else { "ب" });
            }
            for c in alias.chars() {
                out.push(c);
                if c != ' ' && r.chance(0.3) {
                    out.push(*r.pick(HARAKAT));
                }
            }
            if paren {
                out.push(')');
            }
        } else {
            let mut s = alias.clone();
            let p = r.below(100);
            if p < 8 {
                s = s.to_uppercase();
            } else if p < 13 {
                s = s.to_lowercase();
            } else if p < 17 {
                s = s.replace("al-", "Al-");
            }
            if r.chance(0.1) {
                // A macron or acute on one vowel, precomposed or (rarely) combining.
                let vowels: Vec<usize> = s
                    .char_indices()
                    .filter(|(_, c)| "aiueAIUE".contains(*c))
                    .map(|(i, _)| i)
                    .collect();
                if !vowels.is_empty() {
                    let i = *r.pick(&vowels);
                    let c = s[i..].chars().next().unwrap_or('a');
                    let rep: String = match (c, r.chance(0.2)) {
                        (c, true) => format!("{c}\u{0304}"),
                        ('a', _) => "ā".into(),
                        ('i', _) => "ī".into(),
                        ('u', _) => "ū".into(),
                        ('e', _) => "é".into(),
                        ('A', _) => "Ā".into(),
                        ('I', _) => "Ī".into(),
                        ('U', _) => "Ū".into(),
                        _ => "É".into(),
                    };
                    s.replace_range(i..i + 1, &rep);
                }
            }
            if s.contains('\'') {
                let q = r.below(10);
                if q < 5 {
                    s = s.replace('\'', "’");
                } else if q < 6 {
                    s = s.replace('\'', "ʿ");
                }
            }
            if r.chance(0.05) {
                s = s.replace("al-", "al ");
            }
            out.push_str(&s);
            if r.chance(0.05) {
                out.push_str(if r.chance(0.7) { "’s" } else { "'s" });
            }
        }
        self.mention_words += word_count(&out[start..]);
        self.mentions += 1;
    }

    fn document(&mut self, out: &mut String) {
        let sentences = self.rng.range(3, 18);
        for si in 0..sentences {
            if si > 0 {
                out.push(' ');
            }
            let t = *self.rng.pick(TEMPLATES);
            let start = out.len();
            let mut rest = t;
            while let Some(open) = rest.find('{') {
                out.push_str(&rest[..open]);
                let slot = &rest[open + 1..open + 2];
                rest = &rest[open + 3..];
                let r = &mut self.rng;
                match slot {
                    "M" => {
                        let need =
                            (self.mention_words as f64) < MENTION_WORD_SHARE * self.words as f64;
                        if need {
                            self.mention(out);
                        } else {
                            out.push_str(r.pick::<&str>(&[
                                "the spokesman",
                                "a senior official",
                                "the minister",
                                "the commander",
                            ]));
                        }
                    }
                    "N" => out.push_str(r.pick::<&str>(FILLER_NOUNS)),
                    "V" => out.push_str(r.pick::<&str>(FILLER_VERBS)),
                    "A" => out.push_str(r.pick::<&str>(FILLER_ADJ)),
                    "P" => out.push_str(r.pick::<&str>(FILLER_PLACES)),
                    "D" => out.push_str(r.pick::<&str>(FILLER_DAYS)),
                    "T" => out.push_str(r.pick::<&str>(FILLER_TAIL)),
                    _ => {
                        let n = r.range(2, 400);
                        out.push_str(&n.to_string());
                    }
                }
            }
            out.push_str(rest);
            // Capitalise the sentence's first letter when a filler word starts it.
            if let Some(c) = out[start..].chars().next() {
                if c.is_ascii_lowercase() {
                    out.replace_range(start..start + 1, &c.to_ascii_uppercase().to_string());
                }
            }
            self.words += word_count(&out[start..]);
        }
        out.push('\n');
    }
}

/// Changes one character of `s` (a letter, not the first); returns None when nothing fits.
fn edit(rng: &mut Rng, s: &str) -> Option<String> {
    let chars: Vec<char> = s.chars().collect();
    let letters: Vec<usize> = (1..chars.len())
        .filter(|&i| chars[i].is_alphabetic())
        .collect();
    if letters.len() < 3 {
        return None;
    }
    let i = *rng.pick(&letters);
    let arabic = !chars[i].is_ascii();
    let alphabet: Vec<char> = if arabic {
        "ابتثجحخدذرزسشصضطظعغفقكلمنهوي".chars().collect()
    } else {
        "abcdefghijklmnopqrstuvwxyz".chars().collect()
    };
    let mut out = chars.clone();
    match rng.below(4) {
        0 => out[i] = *rng.pick(&alphabet),
        1 => {
            out.remove(i);
        }
        2 => out.insert(i, *rng.pick(&alphabet)),
        _ => {
            if i + 1 < out.len() && out[i + 1].is_alphabetic() {
                out.swap(i, i + 1);
            } else {
                out[i] = *rng.pick(&alphabet);
            }
        }
    }
    let e: String = out.into_iter().collect();
    (e != s).then_some(e)
}

fn write_names(
    dir: &Path,
    entities: &[Entity],
    keys: &HashSet<String>,
    rng: &mut Rng,
) -> io::Result<(usize, usize)> {
    let mut miss = BufWriter::new(File::create(dir.join("misspelled.tsv"))?);
    let mut exact = BufWriter::new(File::create(dir.join("names-exact.tsv"))?);
    let mut written = 0;
    while written < MISSPELLED {
        let e = &entities[rng.below(entities.len())];
        let alias = &e.aliases[rng.below(e.aliases.len())];
        let Some(mut m) = edit(rng, alias) else {
            continue;
        };
        if rng.chance(0.5) {
            match edit(rng, &m) {
                Some(m2) => m = m2,
                None => continue,
            }
        }
        let key = fold_str(&m);
        // A misspelling that folds to an alias is no misspelling; one with padding or an empty
        // key is no name.
        if keys.contains(key.trim()) || key.trim().is_empty() || m.trim() != m {
            continue;
        }
        writeln!(miss, "{m}\t{}", e.id)?;
        written += 1;
    }
    for _ in 0..EXACT_NAMES {
        let e = &entities[rng.below(entities.len())];
        let alias = &e.aliases[rng.below(e.aliases.len())];
        let name = match rng.below(10) {
            0 => alias.to_uppercase(),
            1 => alias.to_lowercase(),
            _ => alias.clone(),
        };
        writeln!(exact, "{name}\t{}", e.id)?;
    }
    miss.flush()?;
    exact.flush()?;
    Ok((written, EXACT_NAMES))
}

fn main() -> io::Result<()> {
    let dir = PathBuf::from(
        std::env::args()
            .nth(1)
            .unwrap_or_else(|| "bench-data".to_string()),
    );
    std::fs::create_dir_all(&dir)?;
    let started = std::time::Instant::now();

    let mut g = Generator::new();
    let max = *LEXICON_SIZES.iter().max().unwrap_or(&0);
    let entities = g.entities(max);
    let mut manifest = String::new();
    for &n in &LEXICON_SIZES {
        let path = dir.join(format!("lex-{n}.tsv"));
        write_lexicon(&path, &entities[..n])?;
        let aliases: usize = entities[..n].iter().map(|e| e.aliases.len()).sum();
        let arabic: usize = entities[..n]
            .iter()
            .flat_map(|e| &e.aliases)
            .filter(|a| !a.is_ascii())
            .count();
        manifest.push_str(&format!(
            "lex-{n}.tsv\tentities {n}\taliases {aliases}\tnon-ASCII aliases {arabic}\n"
        ));
    }

    let mut corpus = Corpus {
        rng: Rng(SEED ^ 0xC0A9_0500),
        entities: &entities,
        words: 0,
        mention_words: 0,
        mentions: 0,
        arabic_mentions: 0,
    };
    let mut w = BufWriter::with_capacity(1 << 20, File::create(dir.join("corpus.txt"))?);
    let mut doc = String::new();
    let (mut bytes, mut docs) = (0usize, 0u64);
    while bytes < CORPUS_BYTES {
        doc.clear();
        corpus.document(&mut doc);
        w.write_all(doc.as_bytes())?;
        bytes += doc.len();
        docs += 1;
    }
    w.flush()?;
    manifest.push_str(&format!(
        "corpus.txt\tbytes {bytes}\tdocuments {docs}\twords {}\tmentions {}\tArabic-script mentions {}\tmention words {} ({:.2}%)\n",
        corpus.words,
        corpus.mentions,
        corpus.arabic_mentions,
        corpus.mention_words,
        100.0 * corpus.mention_words as f64 / corpus.words.max(1) as f64
    ));

    let mut rng = Rng(SEED ^ 0x7E57_0001);
    let (miss, exact) = write_names(&dir, &entities, &g.keys, &mut rng)?;
    manifest.push_str(&format!(
        "misspelled.tsv\tnames {miss}\nnames-exact.tsv\tnames {exact}\n"
    ));
    manifest.push_str(&format!("seed\t{SEED:#x}\n"));
    std::fs::write(dir.join("manifest.txt"), &manifest)?;
    // Per-kind counts are handy when reading the figures.
    let mut kinds: HashMap<&str, usize> = HashMap::new();
    for e in &entities {
        *kinds
            .entry(e.id.split(':').next().unwrap_or(""))
            .or_default() += 1;
    }
    let mut kinds: Vec<_> = kinds.into_iter().collect();
    kinds.sort();
    eprint!("{manifest}");
    eprintln!(
        "entity kinds: {kinds:?}; written to {} in {:.1?}",
        dir.display(),
        started.elapsed()
    );
    Ok(())
}

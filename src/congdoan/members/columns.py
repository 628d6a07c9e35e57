"""The member sheet's columns: written by the export, read back by the import.

Each column has the header the export writes and the other headers officers use for
it (with or without diacritics, abbreviated); matching ignores case, diacritics and
punctuation.
"""

COLUMNS = [
    # field, header written, other headers recognised
    ("row", "STT", ["TT", "Số TT", "No"]),
    ("full_name", "Họ và tên", ["Họ tên", "Họ và tên đoàn viên", "Tên đoàn viên", "Full name"]),
    ("family_middle", "Họ đệm", ["Họ và đệm", "Họ và tên đệm", "Họ"]),
    ("given_name", "Tên", ["Tên gọi"]),
    ("birth_date", "Ngày sinh", ["NS", "Ngày tháng năm sinh", "Năm sinh", "Sinh ngày", "DOB"]),
    ("birth_male", "Nam", ["Ngày sinh Nam", "NS Nam"]),
    ("birth_female", "Nữ", ["Ngày sinh Nữ", "NS Nữ"]),
    ("gender", "Giới tính", ["GT", "Phái", "Gender"]),
    (
        "id_number",
        "Số CCCD",
        [
            "CCCD",
            "CMND/CCCD",
            "CCCD/CMND",
            "Số CMND",
            "CMND",
            "Số định danh",
            "Căn cước công dân",
            "Số CCCD/CMND",
            "Hộ chiếu",
            "ID",
        ],
    ),
    ("nationality", "Quốc tịch", ["Nationality"]),
    ("ethnicity", "Dân tộc", ["DT"]),
    ("religion", "Tôn giáo", ["TG"]),
    ("education", "Trình độ văn hóa", ["Văn hóa", "Trình độ", "TĐVH", "Học vấn"]),
    ("qualification", "Trình độ chuyên môn", ["Chuyên môn", "TĐCM", "CMNV"]),
    ("job_title", "Chức vụ", ["Chức vụ/Nghề nghiệp", "Nghề nghiệp", "Công việc"]),
    (
        "unit",
        "Đơn vị",
        ["Bộ phận", "Tổ công đoàn", "Công đoàn bộ phận", "Đơn vị/Bộ phận", "Mã đơn vị"],
    ),
    ("joined_on", "Ngày vào công đoàn", ["Ngày vào CĐ", "Ngày kết nạp", "Vào CĐ", "Ngày gia nhập"]),
    ("card_number", "Số thẻ", ["Số thẻ đoàn viên", "Số thẻ ĐV", "Thẻ ĐV"]),
    ("phone", "Điện thoại", ["SĐT", "Số điện thoại", "ĐT", "Di động"]),
    ("email", "Email", ["Thư điện tử"]),
    ("address", "Địa chỉ", ["Nơi ở", "Địa chỉ thường trú", "Quê quán"]),
    ("party_member", "Đảng viên", ["ĐV Đảng", "Đảng"]),
    ("notes", "Ghi chú", ["GC"]),
]

EXPORT_FIELDS = [
    "row",
    "full_name",
    "birth_date",
    "gender",
    "id_number",
    "nationality",
    "ethnicity",
    "religion",
    "education",
    "qualification",
    "job_title",
    "unit",
    "joined_on",
    "card_number",
    "phone",
    "email",
    "address",
    "party_member",
    "notes",
]

HEADERS = {field: header for field, header, _others in COLUMNS}
ALIASES = {field: [header, *others] for field, header, others in COLUMNS}

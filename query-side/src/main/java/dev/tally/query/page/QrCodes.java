package dev.tally.query.page;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;

import java.util.Map;

/** QR codes drawn by Tally as inline SVG: one path of unit squares, crisp at any size, no image request. */
final class QrCodes {
    private static final int QUIET_ZONE_MODULES = 4;

    private QrCodes() {
    }

    static String svg(String text, String label) {
        BitMatrix matrix;
        try {
            matrix = new QRCodeWriter().encode(text, BarcodeFormat.QR_CODE, 0, 0,
                    Map.of(EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M, EncodeHintType.MARGIN, 0));
        } catch (WriterException e) {
            throw new IllegalArgumentException("cannot encode a QR code of " + text.length() + " characters", e);
        }
        int size = matrix.getWidth() + 2 * QUIET_ZONE_MODULES;
        StringBuilder path = new StringBuilder();
        for (int y = 0; y < matrix.getHeight(); y++) {
            for (int x = 0; x < matrix.getWidth(); x++) {
                if (matrix.get(x, y)) {
                    path.append('M').append(x + QUIET_ZONE_MODULES).append(' ').append(y + QUIET_ZONE_MODULES)
                        .append("h1v1h-1z");
                }
            }
        }
        return "<svg class=\"qr\" role=\"img\" aria-label=\"" + Html.escape(label)
               + "\" viewBox=\"0 0 " + size + " " + size + "\" shape-rendering=\"crispEdges\">"
               + "<rect width=\"" + size + "\" height=\"" + size + "\" fill=\"#fff\"/>"
               + "<path fill=\"#000\" d=\"" + path + "\"/></svg>";
    }
}
